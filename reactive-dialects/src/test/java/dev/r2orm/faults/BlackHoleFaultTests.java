package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.ConnectionLostException;
import dev.r2orm.ConnectionUnavailableException;
import dev.r2orm.Db;
import dev.r2orm.StatementTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that stops answering (the proxy forwards nothing, sockets stay open): every operation fails with a typed
 * error within its configured bound, nothing hangs, and once the network passes again the pool recovers by itself.
 */
@Tag("faults")
class BlackHoleFaultTests {

    static final Duration STATEMENT = Duration.ofSeconds(2);
    static final Duration ACQUIRE = Duration.ofSeconds(3);
    static final Duration VALIDATION = Duration.ofSeconds(1);
    static final Duration CONNECT = Duration.ofSeconds(1);
    /** What a bound may be overrun by on two busy cores. */
    static final Duration MARGIN = Duration.ofMillis(1_500);
    /** Past this an operation is called hung. */
    static final Duration CAP = Duration.ofSeconds(12);
    static final Duration RECOVERY = Duration.ofSeconds(10);

    static Config.Builder config(int poolSize) {
        return Config.builder().maxPoolSize(poolSize).statementTimeout(STATEMENT).acquireTimeout(ACQUIRE)
                .validationTimeout(VALIDATION).connectTimeout(CONNECT);
    }

    /**
     * With six pooled connections: a read, a write outside a transaction and a write in a transaction are held right
     * after their statement reached the server, a streamed query is cut off mid-stream, then the whole network goes
     * dark and a read and a write ask for a connection. The statements fail with {@link StatementTimeoutException}
     * within the statement timeout, the late ones with {@link ConnectionUnavailableException} within the acquire
     * timeout; only the write outside a transaction may have taken effect, and says so.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void everyOperationFailsTypedWithinItsBoundAndThePoolRecovers(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, config(6));
            bench.fault("black hole mid-statement", db);
            bench.healthy(db, 6);

            proxy.blackHoleWhenClientSends("fault-probe");
            CompletableFuture<Attempt> read = Attempt.start("read",
                    db.model(FaultMark.class).where("note = ?", "fault-probe-read").find(), CAP);
            CompletableFuture<Attempt> write = Attempt.start("write",
                    db.create(new FaultMark(1, "fault-probe-write")), CAP);
            CompletableFuture<Attempt> tx = Attempt.start("transaction",
                    db.transaction(t -> t.create(new FaultMark(2, "first"))
                            .then(t.create(new FaultMark(2, "fault-probe-tx")))), CAP);
            await(() -> proxy.trippedConnections() == 3, "the three statements reached the server", proxy);

            AtomicInteger rows = new AtomicInteger();
            AtomicLong lastRow = new AtomicLong();
            CompletableFuture<Attempt> stream = Attempt.start("stream",
                    db.raw(target.stream(2_000_000)).findMaps().doOnNext(row -> {
                        lastRow.set(System.nanoTime());
                        if (rows.incrementAndGet() == 2_000) {
                            proxy.blackHole();
                        }
                    }), CAP);
            await(() -> proxy.mode() == FaultProxy.Mode.BLACK_HOLE || stream.isDone(), "the stream started", proxy);
            CompletableFuture<Attempt> lateRead = Attempt.start("read during the black hole",
                    db.model(FaultMark.class).where("marker = ?", 3).find(), CAP);
            CompletableFuture<Attempt> lateWrite = Attempt.start("write during the black hole",
                    db.create(new FaultMark(4, "late")), CAP);

            List<Attempt> attempts = List.of(read.join(), write.join(), tx.join(), stream.join(), lateRead.join(),
                    lateWrite.join());
            attempts.forEach(a -> System.out.println("[faults] " + target + " black hole: " + a));
            bench.attempts(attempts);
            proxy.pass();
            bench.awaitRecovery(db, RECOVERY, CAP);
            bench.healthy(db, 6);
            Map<Long, Long> found = bench.rowsByMarker();
            bench.writes(0, (int) Math.min(1, found.getOrDefault(1L, 0L)));

            Duration statementBound = STATEMENT.plus(MARGIN);
            Duration acquireBound = ACQUIRE.plus(MARGIN);

            assertStatementTimeout(read.join(), false, statementBound);
            assertStatementTimeout(write.join(), true, statementBound);
            assertStatementTimeout(tx.join(), false, statementBound);
            Attempt s = stream.join();
            assertThat(rows.get()).as("rows before the black hole").isGreaterThanOrEqualTo(2_000);
            assertThat(s.error()).as("%s", s).isInstanceOf(StatementTimeoutException.class);
            assertThat(((ConnectionLostException) s.error()).outcomeUnknown()).as("a read: %s", s).isFalse();
            assertThat(Duration.ofNanos(s.endNanos() - lastRow.get())).as("from the last row to the error: %s", s)
                    .isLessThan(statementBound);
            for (Attempt late : List.of(lateRead.join(), lateWrite.join())) {
                assertThat(late.error()).as("%s", late).isInstanceOf(ConnectionUnavailableException.class);
                assertThat(Duration.ofMillis(late.millis())).as("%s", late).isLessThan(acquireBound);
            }
            assertThat(found.getOrDefault(2L, 0L)).as("the transaction that timed out is rolled back").isZero();
            assertThat(found.getOrDefault(4L, 0L)).as("the write that got no connection").isZero();
        }
    }

    /**
     * A transaction whose {@code COMMIT} reached the server but got no answer: the caller is told the outcome is
     * unknown, and the transaction is found whole or not at all.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aCommitWithoutAnswerHasAnUnknownOutcome(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, config(2));
            bench.fault("black hole after COMMIT", db);
            bench.healthy(db, 2);

            proxy.blackHoleWhenClientSends("COMMIT");
            Attempt commit = Attempt.run("commit", db.transaction(t -> t.create(new FaultMark(7, "a"))
                    .then(t.create(new FaultMark(7, "b")))), CAP);
            System.out.println("[faults] " + target + " commit without answer: " + commit);
            bench.attempts(List.of(commit));
            proxy.pass();
            bench.awaitRecovery(db, RECOVERY, CAP);
            bench.healthy(db, 2);
            long found = bench.rowsByMarker().getOrDefault(7L, 0L);
            bench.writes(0, found > 0 ? 1 : 0);

            assertThat(proxy.trippedConnections()).as("the COMMIT reached the server").isEqualTo(1);
            assertThat(commit.error()).as("%s", commit).isInstanceOf(ConnectionLostException.class);
            assertThat(((ConnectionLostException) commit.error()).outcomeUnknown()).as("%s", commit).isTrue();
            assertThat(commit.error().getMessage()).as("the message names the statement").containsIgnoringCase(
                    "COMMIT");
            assertThat(Duration.ofMillis(commit.millis())).isLessThan(STATEMENT.plus(MARGIN));
            assertThat(found).as("the transaction is whole or absent").isIn(0L, 2L);
        }
    }

    /**
     * {@code acquireTimeout(2 s)} is the whole wait for a connection, retries and validation included: against a
     * black-holed server the operation fails after about 2 s, whether the pool is empty (connecting hangs) or holds
     * connections (validating hangs, and the validation timeout of 3 s is longer).
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void theAcquireTimeoutIsTheWholeWait(FaultTarget target) {
        Duration acquire = Duration.ofSeconds(2);
        Duration bound = acquire.plus(Duration.ofMillis(800));
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            proxy.blackHole();
            Db empty = bench.db(proxy, Config.builder().maxPoolSize(2).acquireTimeout(acquire));
            Attempt connecting = Attempt.run("connect into a black hole", empty.raw("SELECT 1").scan(Object.class),
                    CAP);

            proxy.pass();
            Db warm = bench.db(proxy, Config.builder().maxPoolSize(2).acquireTimeout(acquire));
            bench.fault("black hole, acquireTimeout 2 s", warm);
            bench.healthy(warm, 2);
            proxy.blackHole();
            Attempt validating = Attempt.run("validate into a black hole", warm.raw("SELECT 1").scan(Object.class),
                    CAP);
            System.out.println("[faults] " + target + " acquire timeout 2 s: " + connecting + "; " + validating);
            bench.attempts(List.of(connecting, validating));
            proxy.pass();
            bench.awaitRecovery(warm, RECOVERY, CAP);
            bench.healthy(warm, 2);
            bench.healthy(empty, 2);

            for (Attempt a : List.of(connecting, validating)) {
                assertThat(a.error()).as("%s", a).isInstanceOf(ConnectionUnavailableException.class);
                assertThat(((ConnectionUnavailableException) a.error()).isRetryable()).isTrue();
                assertThat(Duration.ofMillis(a.millis())).as("%s", a)
                        .isGreaterThanOrEqualTo(acquire.minusMillis(200)).isLessThan(bound);
            }
        }
    }

    /**
     * Four idle pooled connections stop answering while new ones would work: each is given up once its validation
     * times out and is never handed out again, so after at most four validation timeouts every borrow is quick.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aConnectionWhoseValidationHungIsNotHandedOutAgain(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, config(4).acquireTimeout(Duration.ofSeconds(6)));
            bench.fault("idle connections black-holed", db);
            bench.healthy(db, 4);
            proxy.blackHoleExisting();

            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                attempts.add(Attempt.run("borrow " + i, db.raw("SELECT 1").scan(Object.class), CAP));
                if (i >= 5 && attempts.subList(i - 3, i + 1).stream().noneMatch(Attempt::ok)) {
                    break; // four failures in a row past the dead connections: the test has failed, stop waiting
                }
            }
            attempts.forEach(a -> System.out.println("[faults] " + target + " stale validation: " + a));
            bench.attempts(attempts);
            proxy.pass();
            bench.healthy(db, 4);
            long total = attempts.stream().mapToLong(Attempt::millis).sum();
            assertThat(attempts).as("failures are typed").allMatch(a -> a.ok() || a.typed());
            assertThat(Duration.ofMillis(total)).as("at most one validation timeout per dead connection: %s", attempts)
                    .isLessThan(VALIDATION.multipliedBy(4).plus(MARGIN).plus(MARGIN));
            for (Attempt late : attempts.subList(4, attempts.size())) {
                assertThat(late.ok()).as("%s", late).isTrue();
                assertThat(Duration.ofMillis(late.millis())).as("%s", late).isLessThan(VALIDATION.dividedBy(2));
            }
        }
    }

    static void assertStatementTimeout(Attempt a, boolean outcomeUnknown, Duration bound) {
        assertThat(a.error()).as("%s", a).isInstanceOf(StatementTimeoutException.class);
        StatementTimeoutException e = (StatementTimeoutException) a.error();
        assertThat(e.outcomeUnknown()).as("outcomeUnknown of %s", a).isEqualTo(outcomeUnknown);
        assertThat(e.isRetryable()).as("isRetryable of %s", a).isEqualTo(!outcomeUnknown);
        assertThat(e.timeout()).as("%s", a).isEqualTo(STATEMENT);
        assertThat(e.sql()).as("%s", a).isNotBlank();
        assertThat(Duration.ofMillis(a.millis())).as("%s", a).isLessThan(bound);
    }

    static void await(BooleanSupplier condition, String what, FaultProxy proxy) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what + " (" + proxy + ")");
            }
            FaultBench.sleep(5);
        }
    }
}
