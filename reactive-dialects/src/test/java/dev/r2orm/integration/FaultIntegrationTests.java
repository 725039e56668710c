package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.ConnectionLostException;
import dev.r2orm.ConnectionUnavailableException;
import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import dev.r2orm.R2ormException;
import dev.r2orm.Session;
import dev.r2orm.StatementTimeoutException;
import dev.r2orm.annotation.Table;
import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

/**
 * Faults that the main servers can stage without being disturbed: statements that get no answer in time, a connection
 * killed under a transaction, a subscriber that cancels a transaction after taking its elements. The network faults
 * and server restarts run in the fault suite, against servers of its own.
 */
class FaultIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("fault_marks")
    static class FaultMark {
        public Long id;
        public int marker;

        public FaultMark() {
        }

        FaultMark(int marker) {
            this.marker = marker;
        }
    }

    /** A statement that keeps the database busy for {@code seconds} and then answers one row. */
    private static String sleep(Db db, TestDatabase target, int seconds) {
        switch (target) {
            case POSTGRESQL:
                return "SELECT 1 FROM pg_sleep(" + seconds + ")";
            case H2:
                db.exec("CREATE ALIAS IF NOT EXISTS r2orm_sleep FOR 'java.lang.Thread.sleep'").block(TIMEOUT);
                return "SELECT 1 FROM (VALUES (r2orm_sleep(" + seconds * 1000 + "))) AS t(x)";
            default:
                return "SELECT SLEEP(" + seconds + ")";
        }
    }

    /** Waits until nothing is acquired or waiting and every open connection is back among the idle ones. */
    private static PoolStatus awaitIdle(Db db) {
        Pools.awaitIdle(db, Duration.ofSeconds(10));
        return db.poolStatus().orElseThrow();
    }

    // ------------------------------------------------------------------ statement timeout

    /**
     * A statement the database takes 5 s to answer, under a 300 ms statement timeout set on the session, on a query,
     * and in the configuration: each fails with {@link StatementTimeoutException} (a read: nothing to fear, safe to
     * retry) well before the database answers, its connection is closed rather than pooled, and the next operation
     * gets a healthy connection.
     */
    @DatabaseTest
    void aStatementWithoutAnswerFailsTypedWithinItsTimeoutAndItsConnectionIsNotReused(Db db, TestDatabase target,
            TestUrl url) {
        String slow = sleep(db, target, 5);
        Db shortSession = db.session(Session.builder().statementTimeout(Duration.ofMillis(300)).build());
        Db shortConfig = Db.open(url.value(), target.configure(Config.builder()
                .statementTimeout(Duration.ofMillis(300))).build());
        try {
            List<Mono<?>> ways = List.of(
                    shortSession.raw(slow).scan(Object.class).then(),
                    db.table("fault_marks").timeout(Duration.ofMillis(300))
                            .where("marker IN (" + slow + ")").count().then(),
                    shortConfig.raw(slow).scan(Object.class).then());
            db.migrator().autoMigrate(FaultMark.class).then(db.create(new FaultMark(1))).block(TIMEOUT);
            for (Mono<?> way : ways) {
                long t0 = System.nanoTime();
                long[] failedAt = {0};
                // H2 runs a statement on the subscribing thread, which it holds until the statement ends
                StepVerifier.create(way.subscribeOn(Schedulers.boundedElastic())
                                .doOnError(e -> failedAt[0] = System.nanoTime()))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(StatementTimeoutException.class);
                            StatementTimeoutException t = (StatementTimeoutException) e;
                            assertThat(t.timeout()).isEqualTo(Duration.ofMillis(300));
                            assertThat(t.sql()).containsIgnoringCase("sleep");
                            assertThat(t.outcomeUnknown()).as("a read").isFalse();
                            assertThat(t.isRetryable()).isTrue();
                            assertThat(t.getMessage()).contains("statement timeout of PT0.3S");
                        })
                        .verify(TIMEOUT);
                assertThat(Duration.ofNanos(failedAt[0] - t0)).isLessThan(Duration.ofMillis(2_500));
            }
            StepVerifier.create(db.raw("SELECT 7").scan(Integer.class)).expectNext(7).verifyComplete();
            StepVerifier.create(shortConfig.raw("SELECT 8").scan(Integer.class)).expectNext(8).verifyComplete();
            assertThat(awaitIdle(db).isIdle()).isTrue();
            assertThat(awaitIdle(shortConfig).isIdle()).isTrue();
        } finally {
            shortConfig.close();
        }
    }

    /**
     * A write that times out outside a transaction may have been committed: its error says so and is not retryable.
     * Inside a transaction the same timeout rolls the whole transaction back, so running it again is safe.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aWriteThatTimesOutSaysWhetherItMayHaveCommitted(Db db, TestDatabase target) {
        db.migrator().autoMigrate(FaultMark.class).block(TIMEOUT);
        String slowWrite = target == TestDatabase.POSTGRESQL
                ? "INSERT INTO fault_marks (marker) SELECT 1 FROM pg_sleep(5)"
                : "INSERT INTO fault_marks (marker) SELECT SLEEP(5)";
        Db timed = db.session(Session.builder().statementTimeout(Duration.ofMillis(300)).build());
        StepVerifier.create(timed.exec(slowWrite))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StatementTimeoutException.class,
                        t -> {
                            assertThat(t.outcomeUnknown()).isTrue();
                            assertThat(t.isRetryable()).isFalse();
                            assertThat(t.getMessage()).contains("may or may not have taken effect");
                        }))
                .verify(TIMEOUT);
        StepVerifier.create(timed.transaction(tx -> tx.create(new FaultMark(2)).then(tx.exec(slowWrite))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StatementTimeoutException.class,
                        t -> assertThat(t.isRetryable()).as("nothing of the transaction was committed").isTrue()))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(FaultMark.class).where("marker = ?", 2).count()).expectNext(0L).verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    /**
     * A subscriber that asks for one row and then holds the rest back for longer than the statement timeout is not
     * timed out: the timeout bounds the database's answer, not the subscriber's pace.
     */
    @DatabaseTest
    void aSubscriberHoldingRowsBackIsNotTimedOut(Db db) {
        Db timed = db.session(Session.builder().statementTimeout(Duration.ofMillis(200)).build());
        StepVerifier.create(timed.raw("SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3) t ORDER BY x").scan(Integer.class),
                        1)
                .expectNext(1)
                .then(() -> sleepQuietly(700))
                .thenRequest(10)
                .expectNext(2, 3)
                .verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the caller's error wins

    /**
     * The server's own statement timeout ({@code statement_timeout}, {@code max_statement_time}) ends a statement in a
     * savepoint: a typed {@link StatementTimeoutException}, the connection is not lost, so the savepoint is rolled back
     * and the transaction goes on to commit its next write.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void theServersOwnStatementTimeoutKeepsTheTransaction(Db db, TestDatabase target) {
        db.migrator().autoMigrate(FaultMark.class).block(TIMEOUT);
        StepVerifier.create(db.transaction(tx -> tx.create(new FaultMark(30))
                        .then(tx.transaction(inner -> (target == TestDatabase.POSTGRESQL
                                        ? inner.exec("SET LOCAL statement_timeout = 100")
                                                .then(inner.db().raw("SELECT 1 FROM pg_sleep(2)").scan(Integer.class)
                                                        .then())
                                        : inner.db().raw("SET STATEMENT max_statement_time = 0.1 FOR SELECT COUNT(*) FROM"
                                                + " seq_1_to_100000 a, seq_1_to_100000 b WHERE a.seq + b.seq = 3").scan(Long.class).then()))
                                .then(Mono.<Throwable>empty())
                                .onErrorResume(e -> Mono.just(e)))
                        .flatMap(e -> tx.create(new FaultMark(31)).thenReturn(e))))
                .assertNext(e -> assertThat(e).isInstanceOfSatisfying(StatementTimeoutException.class,
                        t -> assertThat(t.timeout()).as("the server's timeout").isNull()))
                .verifyComplete();
        StepVerifier.create(db.model(FaultMark.class).where("marker IN ?", List.of(30, 31)).count())
                .expectNext(2L).verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    /**
     * The server kills the transaction's connection, the work handles that error and signals its own: the caller gets
     * its own error. The transaction is known lost, so no ROLLBACK is sent on the dead connection (the server rolled
     * back), and the pool is healthy afterwards.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void theCallersErrorWinsOverALostConnection(Db db, TestDatabase target) {
        IllegalStateException rule = new IllegalStateException("rule");
        StepVerifier.create(db.transaction(tx -> killOwnConnection(tx.db(), target)
                        .onErrorResume(e -> Mono.empty())
                        .then(Mono.error(rule))))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isSameAs(rule);
                    assertThat(e.getSuppressed()).as("no ROLLBACK tried on a lost connection").isEmpty();
                })
                .verify(TIMEOUT);
        StepVerifier.create(db.raw("SELECT 3").scan(Integer.class)).expectNext(3).verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    /**
     * The transaction's connection is killed from another session, unseen by the transaction, whose work then signals
     * its own error: the ROLLBACK fails on the dead connection, and the caller still gets its own error, with the
     * failed ROLLBACK attached as suppressed.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void theCallersErrorWinsOverAFailedRollback(Db db, TestDatabase target) {
        IllegalStateException rule = new IllegalStateException("rule");
        String ownId = target == TestDatabase.POSTGRESQL ? "SELECT CAST(pg_backend_pid() AS BIGINT)"
                : "SELECT CAST(CONNECTION_ID() AS SIGNED)";
        StepVerifier.create(db.transaction(tx -> tx.db().raw(ownId).scan(Long.class).single()
                        // subscribed apart, so it runs on a connection of its own, outside the transaction
                        .flatMap(id -> Mono.fromFuture(() -> killFromOutside(db, target, id).toFuture()))
                        .then(Mono.error(rule))))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isSameAs(rule);
                    assertThat(e.getSuppressed()).as("the failed rollback").hasSize(1);
                    assertThat(e.getSuppressed()[0]).isInstanceOf(ConnectionLostException.class)
                            .hasMessageContaining("ROLLBACK");
                })
                .verify(TIMEOUT);
        StepVerifier.create(db.raw("SELECT 3").scan(Integer.class)).expectNext(3).verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    private static Mono<Void> killFromOutside(Db db, TestDatabase target, long id) {
        return target == TestDatabase.POSTGRESQL
                ? db.raw("SELECT pg_terminate_backend(CAST(? AS INTEGER))", id).scan(Boolean.class).then()
                : db.exec("KILL CONNECTION " + id).then();
    }

    /**
     * A statement whose connection the server kills: a typed {@link ConnectionLostException}, which in a transaction
     * is retryable (nothing was committed), and a transaction with retries runs again and commits.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aConnectionKilledUnderATransactionIsTypedAndItsRetryCommits(Db db, TestDatabase target) {
        db.migrator().autoMigrate(FaultMark.class).block(TIMEOUT);
        StepVerifier.create(db.transaction(tx -> tx.create(new FaultMark(10)).then(killOwnConnection(tx.db(), target))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ConnectionLostException.class,
                        lost -> {
                            assertThat(lost.outcomeUnknown()).isFalse();
                            assertThat(lost.isRetryable()).isTrue();
                            assertThat(lost.getCause()).isNotNull();
                        }))
                .verify(TIMEOUT);
        AtomicInteger runs = new AtomicInteger();
        StepVerifier.create(db.transaction(dev.r2orm.TxOptions.builder().retries(2, Duration.ofMillis(10)).build(),
                        tx -> tx.create(new FaultMark(11))
                                .then(runs.incrementAndGet() == 1 ? killOwnConnection(tx.db(), target) : Mono.empty())
                                .then(Mono.just(runs.get()))))
                .expectNext(2)
                .verifyComplete();
        StepVerifier.create(db.model(FaultMark.class).where("marker IN ?", List.of(10, 11)).count())
                .expectNext(1L).verifyComplete();
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    private static Mono<Void> killOwnConnection(Db db, TestDatabase target) {
        if (target == TestDatabase.POSTGRESQL) {
            return db.exec("SELECT pg_terminate_backend(pg_backend_pid())").then();
        }
        return db.raw("SELECT CAST(CONNECTION_ID() AS SIGNED)").scan(Long.class).single()
                .flatMap(id -> db.exec("KILL CONNECTION " + id)).then();
    }

    // ------------------------------------------------------------------ no connection

    /**
     * Nothing listens where the database should be: after the acquire timeout (not twice it) the operation fails with
     * {@link ConnectionUnavailableException}, retryable, its cause the network's error.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void noServerMeansConnectionUnavailableWithinTheAcquireTimeout(Db db, TestDatabase target) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = target == TestDatabase.POSTGRESQL ? "r2dbc:postgresql://postgres@127.0.0.1:" + port + "/test"
                : "r2dbc:mysql://root@127.0.0.1:" + port + "/test";
        Db nowhere = Db.open(url, target.configure(Config.builder().acquireTimeout(Duration.ofSeconds(1))).build());
        try {
            long t0 = System.nanoTime();
            StepVerifier.create(nowhere.raw("SELECT 1").scan(Integer.class))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ConnectionUnavailableException.class);
                        assertThat(((R2ormException) e).isRetryable()).isTrue();
                        assertThat(e.getCause()).isNotNull();
                        assertThat(e.getMessage()).contains("PT1S", "nothing was sent");
                    })
                    .verify(TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(1_900));
        } finally {
            nowhere.close();
        }
    }

    // ------------------------------------------------------------------ a cancel that loses work says so

    /**
     * {@code next()} on a transaction's Flux cancels it after the first element, which rolls it back: r2orm warns,
     * with the way out. {@code transactionMono} on {@code Db} and on {@code Tx} waits for the commit instead.
     */
    @DatabaseTest
    void aTransactionCancelledAfterItsFirstElementIsRolledBackWithAWarning(Db db, TestDatabase target, TestUrl url) {
        Queue<String> warnings = new ConcurrentLinkedQueue<>();
        Logger capturing = new Logger() {
            @Override
            public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
            }

            @Override
            public void warning(String message, ContextView context) {
                warnings.add(message);
            }
        };
        Db watched = Db.open(url.value(), target.configure(Config.builder().logger(capturing)).build());
        try {
            watched.migrator().autoMigrate(FaultMark.class).block(TIMEOUT);
            StepVerifier.create(watched.transaction(tx -> tx.create(new FaultMark(20))
                            .concatWith(tx.create(new FaultMark(21)))).next())
                    .expectNextCount(1).verifyComplete();
            assertThat(awaitIdle(watched).isIdle()).isTrue();
            assertThat(warnings).singleElement().asString()
                    .contains("rolled back", "cancelled after receiving 1 element", "transactionMono");
            StepVerifier.create(watched.model(FaultMark.class).where("marker IN ?", List.of(20, 21)).count())
                    .expectNext(0L).verifyComplete();

            StepVerifier.create(watched.transactionMono(tx -> tx.create(new FaultMark(22))
                            .flatMap(m -> tx.transactionMono(inner -> inner.create(new FaultMark(23))))))
                    .assertNext(m -> assertThat(m.marker).isEqualTo(23)).verifyComplete();
            StepVerifier.create(watched.model(FaultMark.class).where("marker IN ?", List.of(22, 23)).count())
                    .expectNext(2L).verifyComplete();
            StepVerifier.create(watched.transaction(tx -> Flux.just(1, 2)).then()).verifyComplete();
            assertThat(warnings).hasSize(1);
        } finally {
            watched.close();
        }
    }
}
