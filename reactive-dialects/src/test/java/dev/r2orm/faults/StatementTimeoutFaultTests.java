package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Session;
import dev.r2orm.StatementTimeoutException;
import dev.r2orm.testkit.Pools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * A statement that runs too long, on a healthy server (and on H2, which has no network): the statement timeout of the
 * config, the session or the query ends it with {@link StatementTimeoutException}, and a cancelled long statement frees
 * its connection.
 */
@Tag("faults")
class StatementTimeoutFaultTests {

    private static final Duration CAP = Duration.ofSeconds(12);
    private static final Duration MARGIN = BlackHoleFaultTests.MARGIN;

    /** Config, session and query timeouts, each the nearest one winning; the pool works afterwards. */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(FaultTarget.class)
    void theNearestStatementTimeoutEndsALongStatement(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            Db db = bench.db(Config.builder().maxPoolSize(2).statementTimeout(Duration.ofSeconds(1))
                    .acquireTimeout(Duration.ofSeconds(5)));
            bench.fault("statement timeout (config, session, query)", db);
            bench.healthy(db, 2);
            FaultServers.Admin.exec(bench.url, "INSERT INTO " + FaultBench.TABLE
                    + " (marker, note) VALUES (1, 'one row to sleep on')");

            Attempt config = Attempt.run("config 1 s", db.raw(target.sleep(5)).scan(Object.class), CAP);
            Db session = db.session(Session.builder().statementTimeout(Duration.ofMillis(1_500)).build());
            Attempt viaSession = Attempt.run("session 1.5 s", session.raw(target.sleep(5)).scan(Object.class), CAP);
            Db patient = bench.db(Config.builder().maxPoolSize(2).statementTimeout(Duration.ofSeconds(30))
                    .acquireTimeout(Duration.ofSeconds(5)));
            Attempt query = Attempt.run("query 0.5 s", patient.model(FaultMark.class)
                    .where(target.slowCondition(5)).timeout(Duration.ofMillis(500)).find(), CAP);
            List<Attempt> attempts = List.of(config, viaSession, query);
            attempts.forEach(a -> System.out.println("[faults] " + target + " statement timeout: " + a));
            bench.attempts(attempts);
            bench.awaitRecovery(db, Duration.ofSeconds(5), CAP);
            bench.healthy(patient, 2);
            bench.healthy(db, 2);

            assertTimedOut(config, Duration.ofSeconds(1), false);
            assertTimedOut(viaSession, Duration.ofMillis(1_500), false);
            assertTimedOut(query, Duration.ofMillis(500), true);
            assertThat(runningOnTheServer(db, target)).as("timed-out statements still running on the server").isZero();

        }
    }

    /**
     * A long statement cancelled by its subscriber after 300 ms, on a pool of one: the statement is cancelled on the
     * server (PostgreSQL's cancel request, MariaDB's {@code KILL QUERY}, H2's session cancel), so the connection is
     * back and the next query answers within a second, half the statement timeout, and no session of the server still
     * runs it.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(FaultTarget.class)
    void aCancelledLongStatementFreesItsConnection(FaultTarget target) {
        Duration statement = Duration.ofSeconds(2);
        try (FaultBench bench = FaultBench.open(target)) {
            Db db = bench.db(Config.builder().maxPoolSize(1).statementTimeout(statement)
                    .acquireTimeout(Duration.ofSeconds(10)));
            bench.fault("long statement cancelled", db);
            bench.healthy(db, 1);
            Disposable running = db.raw(target.sleep(5)).scan(Object.class)
                    .subscribeOn(Schedulers.boundedElastic()) // r2dbc-h2 would block this thread
                    .subscribe(x -> { }, e -> { });
            FaultBench.sleep(300);
            long cancelled = System.nanoTime();
            running.dispose();
            long idle = Pools.awaitIdle(db, statement.plus(MARGIN));
            Attempt next = Attempt.run("next query", db.raw("SELECT 1").scan(Object.class), CAP);
            bench.attempts(List.of(next));
            bench.recovered(Duration.ofNanos(next.endNanos() - cancelled).toMillis());
            System.out.println("[faults] " + target + " cancel: idle after "
                    + Duration.ofNanos(idle - cancelled).toMillis() + " ms; " + next);
            assertThat(next.ok()).as("%s", next).isTrue();
            assertThat(Duration.ofNanos(next.endNanos() - cancelled)).as("from the cancel to the next answer")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(runningOnTheServer(db, target)).as("sessions still running the cancelled statement").isZero();
            bench.healthy(db, 1);
        }
    }

    /** How many other sessions of the server run {@code target.sleep(5)} (none on H2, whose sessions are in-process). */
    private static long runningOnTheServer(Db db, FaultTarget target) {
        if (target == FaultTarget.H2) {
            return 0;
        }
        String sql = target == FaultTarget.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid() AND state = 'active'"
                : "SELECT COUNT(*) FROM information_schema.processlist WHERE info = ? AND id <> CONNECTION_ID()";
        FaultBench.sleep(200); // the server takes a cancel asynchronously
        return db.raw(sql, target.sleep(5)).scan(Long.class).single().block(CAP);
    }

    /** {@code read}: the operation is a model query, known not to write. */
    private static void assertTimedOut(Attempt a, Duration timeout, boolean read) {
        assertThat(a.error()).as("%s", a).isInstanceOf(StatementTimeoutException.class);
        StatementTimeoutException e = (StatementTimeoutException) a.error();
        assertThat(e.timeout()).as("%s", a).isEqualTo(timeout);
        if (read) {
            assertThat(e.outcomeUnknown()).as("a read: %s", a).isFalse();
        }
        assertThat(Duration.ofMillis(a.millis())).as("%s", a)
                .isGreaterThanOrEqualTo(timeout.minusMillis(50)).isLessThan(timeout.plus(MARGIN));
    }
}
