package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

/**
 * What the logger is told: the statement's own time (a slow subscriber does not make a query slow, a slow database
 * does), and the transaction statements around the others.
 */
class StatementLogIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static class Tick {
        Long id;
        int n;

        Tick() {
        }

        Tick(int n) {
            this.n = n;
        }
    }

    /** One statement as the logger saw it, with the time it was told. */
    record Logged(String sql, Duration elapsed, long rows, long at, boolean transaction) {
    }

    /** Keeps every statement and transaction statement, in order. */
    static final class Recorder implements Logger {
        final List<Logged> all = new CopyOnWriteArrayList<>();

        @Override
        public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
            all.add(new Logged(sql.sql(), elapsed, rows, System.nanoTime(), false));
        }

        @Override
        public void transaction(Sql sql, Duration elapsed, @Nullable Throwable error, ContextView context) {
            all.add(new Logged(sql.sql(), elapsed, 0, System.nanoTime(), true));
        }

        Logged last(String prefix) {
            return all.stream().filter(l -> l.sql().startsWith(prefix)).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no " + prefix + " logged: " + all));
        }

        /** The statements' first words ({@code INSERT}, {@code SELECT}) and the transaction statements in full. */
        List<String> outline() {
            List<String> out = new ArrayList<>();
            for (Logged l : all) {
                out.add(l.transaction() ? l.sql().replaceAll("r2orm_sp_\\d+", "sp") : l.sql().split(" ")[0]);
            }
            return out;
        }
    }

    private static Db recording(Db db, TestDatabase target, Recorder recorder) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder().logger(recorder)).build());
    }

    @DatabaseTest
    void aQueryReadSlowlyByItsSubscriberIsTimedByWhatTheDatabaseTook(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Tick.class).block(TIMEOUT);
        db.createAll(IntStream.range(0, 3_000).mapToObj(Tick::new).toList()).blockLast(TIMEOUT);
        Recorder recorder = new Recorder();
        Db logging = recording(db, target, recorder);

        long subscribed = System.nanoTime();
        // about 1 ms per row, for 3,000 rows: the subscriber holds the stream for several seconds
        StepVerifier.create(logging.model(Tick.class).order("id").find()
                        .concatMap(t -> Mono.delay(Duration.ofMillis(1)).thenReturn(t), 1).count())
                .expectNext(3_000L).verifyComplete();
        long finished = System.nanoTime();

        Logged select = recorder.last("SELECT");
        assertThat(select.rows()).isEqualTo(3_000);
        // the result ended only when the subscriber had read most of it...
        assertThat(Duration.ofNanos(select.at() - subscribed)).isGreaterThan(Duration.ofMillis(2_000));
        assertThat(Duration.ofNanos(finished - subscribed)).isGreaterThan(Duration.ofMillis(3_000));
        // ...but what it reports is the time the database and the driver took
        assertThat(select.elapsed()).isLessThan(Duration.ofMillis(1_500));
    }

    @DatabaseTest
    void aStatementTheDatabaseTakesLongOnIsSlowWhateverItsSubscriber(Db db, TestDatabase target) {
        String sleep;
        switch (target) {
            case POSTGRESQL: sleep = "SELECT pg_sleep(0.6) AS s"; break;
            case H2:
                db.exec("CREATE ALIAS IF NOT EXISTS r2orm_sleep FOR 'java.lang.Thread.sleep(long)'").block(TIMEOUT);
                sleep = "SELECT r2orm_sleep(600) AS s";
                break;
            default: sleep = "SELECT SLEEP(0.6) AS s";
        }
        Recorder recorder = new Recorder();
        Db logging = recording(db, target, recorder);

        StepVerifier.create(logging.raw(sleep).findMaps().count()).expectNext(1L).verifyComplete();

        assertThat(recorder.last("SELECT").elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }

    @DatabaseTest
    void transactionStatementsAreLoggedAroundTheOthers(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Tick.class).block(TIMEOUT);
        Recorder recorder = new Recorder();
        Db logging = recording(db, target, recorder);

        Mono<Void> work = logging.transactionMono(tx -> tx.create(new Tick(1))
                .then(tx.transaction(inner -> inner.create(new Tick(2))).then())
                .then(tx.transaction(inner -> inner.create(new Tick(3))
                        .then(Mono.error(new IllegalStateException("undone")))).then().onErrorResume(e -> Mono.empty()))
                .then());
        StepVerifier.create(work).verifyComplete();
        assertThat(recorder.outline()).containsExactly("BEGIN", "INSERT", "SAVEPOINT sp", "INSERT",
                "RELEASE SAVEPOINT sp", "SAVEPOINT sp", "INSERT", "ROLLBACK TO SAVEPOINT sp", "COMMIT");

        recorder.all.clear();
        StepVerifier.create(logging.transactionMono(tx -> tx.create(new Tick(4))
                .then(Mono.error(new IllegalStateException("rolled back"))))).verifyError(IllegalStateException.class);
        assertThat(recorder.outline()).containsExactly("BEGIN", "INSERT", "ROLLBACK");

        recorder.all.clear();
        StepVerifier.create(logging.begin().flatMap(tx -> tx.savePoint("mine")
                .then(tx.create(new Tick(5))).then(tx.rollbackTo("mine")).then(tx.commit())))
                .verifyComplete();
        assertThat(recorder.outline()).containsExactly("BEGIN", "SAVEPOINT mine", "INSERT",
                "ROLLBACK TO SAVEPOINT mine", "COMMIT");
        StepVerifier.create(db.model(Tick.class).pluck("n", Integer.class).sort()).expectNext(1, 2).verifyComplete();
    }

    @DatabaseTest
    void anIsolationLevelAndReadOnlyAreNamedOnBegin(Db db, TestDatabase target) {
        Recorder recorder = new Recorder();
        Db logging = recording(db, target, recorder);

        StepVerifier.create(logging.transactionMono(dev.r2orm.TxOptions.builder()
                        .isolation(io.r2dbc.spi.IsolationLevel.REPEATABLE_READ).readOnly(true).build(),
                tx -> tx.db().raw("SELECT 1 AS one").findMaps().then()))
                .verifyComplete();
        assertThat(recorder.all.get(0).sql()).isEqualTo("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        assertThat(Flux.fromIterable(recorder.all).map(Logged::sql).collectList().block())
                .endsWith("COMMIT");
    }
}
