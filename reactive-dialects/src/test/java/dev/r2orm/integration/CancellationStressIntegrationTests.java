package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import dev.r2orm.R2ormException;
import dev.r2orm.Tx;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Issue "Transactions", section "Leaks and cancellation": cancelling an r2orm operation at any point (while it waits
 * for a connection, before a commit, in the middle of a streamed result, inside a savepoint) leaks no connection,
 * leaves every pooled connection usable, and never makes the writes of a cancelled transaction visible; and a
 * connection whose result stream was cancelled is drained by the driver before its next query, so r2orm may return
 * it to the pool.
 *
 * <p>The random plan of {@link #thousandRandomCancellations} is fixed by a seed printed in every message; set
 * {@code -Dr2orm.stress.seed=N} to replay one.
 */
@Tag("stress")
class CancellationStressIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ITERATIONS = 1_000;
    private static final int SEEDS = 300;
    /** Each iteration owns markers {@code i * SLOTS .. i * SLOTS + SLOTS - 1}. */
    private static final int SLOTS = 10;

    /** A row written by one step of one iteration; {@code marker} tells which. */
    static class StressMark {
        Long id;
        int marker;

        StressMark() {
        }

        StressMark(int marker) {
            this.marker = marker;
        }
    }

    /** {@link #SEEDS} rows, {@code n} = 0 .. SEEDS - 1: a result of a few hundred rows, or 90,000 cross-joined. */
    static class StressSeed {
        Long id;
        int n;

        StressSeed() {
        }

        StressSeed(int n) {
            this.n = n;
        }
    }

    private static void setUp(Db db) {
        db.migrator().autoMigrate(StressMark.class, StressSeed.class).block(TIMEOUT);
        db.createAll(IntStream.range(0, SEEDS).mapToObj(StressSeed::new).collect(Collectors.toList()))
                .then().block(TIMEOUT);
    }

    private static String marks(Db db) {
        return db.schema(StressMark.class).table();
    }

    private static String seeds(Db db) {
        return db.schema(StressSeed.class).table();
    }

    /** The first column as a number, whatever Java type the driver picks ({@code Integer}, {@code Long}, ...). */
    private static Flux<Long> numbers(Db db, String sql, Object... args) {
        return db.raw(sql, args).scan(Object.class).map(v -> ((Number) v).longValue());
    }

    private static String connectionIdSql(TestDatabase target) {
        switch (target) {
            case H2:
                return "SELECT SESSION_ID()";
            case POSTGRESQL:
                return "SELECT pg_backend_pid()";
            default:
                return "SELECT CONNECTION_ID()";
        }
    }

    // ------------------------------------------------------------------ 1,000 randomized cancellations

    /** One iteration of the plan: its kind (A..E), its variant, and random numbers drawn up front. */
    private record Step(int i, char kind, int variant, int micros, int writes) {

        int marker(int slot) {
            return i * SLOTS + slot;
        }

        @Override
        public String toString() {
            return "#" + i + " " + kind + variant + " (" + micros + " us, " + writes + " writes)";
        }
    }

    private static final class Ledger {
        final long seed;
        final Map<Integer, Boolean> expected = new ConcurrentHashMap<>();
        final Map<Integer, Step> owner = new ConcurrentHashMap<>();
        final Queue<String> problems = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        Ledger(long seed) {
            this.seed = seed;
        }

        int expect(Step s, int slot, boolean visible) {
            int m = s.marker(slot);
            expected.put(m, visible);
            owner.put(m, s);
            return m;
        }

        void problem(Step s, String what) {
            problems.add(s + ": " + what);
        }

        Set<Integer> visible() {
            return expected.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        String where() {
            return " [seed " + seed + "; replay with -Dr2orm.stress.seed=" + seed + "]";
        }
    }

    /**
     * 1,000 iterations with a seeded plan, 8 at a time on the 4-connection pool (so some also wait for a
     * connection): (A) cancel at acquire, (B) cancel before commit after the writes, (C) cancel mid-stream,
     * (D) cancel mid-savepoint, (E) complete or fail normally. Afterwards the pool is idle, each of its connections
     * is in autocommit and answers, and exactly the markers of committed work are visible, from every connection.
     */
    @DatabaseTest
    void thousandRandomCancellations(Db db, TestDatabase target) {
        setUp(db);
        long seed = Long.getLong("r2orm.stress.seed", System.nanoTime());
        Random random = new Random(seed);
        Ledger ledger = new Ledger(seed);
        List<Step> plan = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            int roll = random.nextInt(100);
            char kind = roll < 20 ? 'A' : roll < 45 ? 'B' : roll < 65 ? 'C' : roll < 85 ? 'D' : 'E';
            int variants = switch (kind) {
                case 'A' -> 4;
                case 'B' -> 5;
                case 'C' -> 4;
                case 'D' -> 5;
                default -> 6;
            };
            plan.add(new Step(i, kind, random.nextInt(variants), random.nextInt(3_000), 1 + random.nextInt(3)));
        }

        long start = System.nanoTime();
        Flux.fromIterable(plan)
                .flatMap(s -> iteration(db, s, ledger), 8)
                .then()
                .block(Duration.ofSeconds(120));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("[" + target.displayName() + "] " + ITERATIONS + " randomized cancellations in "
                + elapsed.toMillis() + " ms; " + new TreeMap<>(ledger.counts) + ledger.where());

        assertThat(ledger.problems).as("unexpected signals" + ledger.where()).isEmpty();
        assertHealthy(db, target, ledger.visible(), ledger);
    }

    private Mono<Void> iteration(Db db, Step s, Ledger ledger) {
        ledger.counts.computeIfAbsent(String.valueOf(s.kind) + s.variant, k -> new AtomicInteger()).incrementAndGet();
        Mono<Void> run = switch (s.kind) {
            case 'A' -> cancelAtAcquire(db, s, ledger);
            case 'B' -> cancelBeforeCommit(db, s, ledger);
            case 'C' -> cancelMidStream(db, s, ledger);
            case 'D' -> cancelMidSavepoint(db, s, ledger);
            default -> completeOrFail(db, s, ledger);
        };
        return Mono.defer(() -> run)
                .timeout(Duration.ofSeconds(15),
                        Mono.fromRunnable(() -> ledger.problem(s, "hung: no terminal signal within 15 s")))
                .onErrorResume(e -> {
                    ledger.problem(s, "unexpected error " + e);
                    return Mono.empty();
                });
    }

    /** Writes the markers one after the other, then emits one element and never ends: only a cancel ends it. */
    private static Flux<Integer> writesThenHang(Tx tx, List<Integer> markers) {
        return Flux.fromIterable(markers).concatMap(m -> tx.create(new StressMark(m))).then()
                .thenMany(Flux.just(1).concatWith(Flux.never()));
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException;
    }

    /** (A) The transaction is cancelled before, while or just after it gets its connection; it never commits. */
    private Mono<Void> cancelAtAcquire(Db db, Step s, Ledger ledger) {
        int m = ledger.expect(s, 0, false);
        Flux<Integer> tx = db.transaction(t -> writesThenHang(t, List.of(m)));
        switch (s.variant) {
            case 0:
                return tx.take(0).then();
            case 1:
                return Mono.fromRunnable(() -> tx.subscribe(x -> { }, e -> ledger.problem(s, "error after subscribe "
                        + e)).dispose());
            case 2:
                return tx.takeUntilOther(Mono.delay(Duration.ofNanos(s.micros * 1_000L))).then();
            default:
                return tx.timeout(Duration.ofNanos(s.micros * 1_000L + 1)).then()
                        .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty());
        }
    }

    /** (B) The writes are done, then the transaction is cancelled before it can commit. */
    private Mono<Void> cancelBeforeCommit(Db db, Step s, Ledger ledger) {
        List<Integer> ms = new ArrayList<>();
        for (int k = 0; k < s.writes; k++) {
            ms.add(ledger.expect(s, k, false));
        }
        Flux<Integer> tx = db.transaction(t -> writesThenHang(t, ms));
        switch (s.variant) {
            case 0:
                return tx.take(1).then();
            case 1:
                // no timeout before the writes are done, then one of 1..3 ms
                return tx.timeout(Mono.never(), x -> Mono.delay(Duration.ofMillis(1 + s.micros % 3))).then()
                        .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty());
            case 2:
                // a subscriber that disposes its subscription when told the writes are done
                return Mono.create(sink -> tx.subscribe(new BaseSubscriber<Integer>() {
                    @Override
                    protected void hookOnNext(Integer value) {
                        dispose();
                        sink.success();
                    }

                    @Override
                    protected void hookOnError(Throwable e) {
                        sink.error(e);
                    }

                    @Override
                    protected void hookOnComplete() {
                        sink.error(new AssertionError("a hanging transaction completed"));
                    }
                }));
            case 3: {
                // the whole pipeline through db (not tx), joined by db.transactional
                Flux<Integer> pipeline = Flux.fromIterable(ms).concatMap(m -> db.create(new StressMark(m))).then()
                        .thenMany(Flux.just(1).concatWith(Flux.never()));
                return db.transactional(pipeline).take(1).then();
            }
            default:
                // cancelled 1..4 ms after subscription: before, during or after the writes
                return db.transaction(t -> Flux.fromIterable(ms).concatMap(m -> t.create(new StressMark(m))).then()
                                .then(Mono.delay(Duration.ofSeconds(60))))
                        .takeUntilOther(Mono.delay(Duration.ofNanos(1_000_000L + s.micros * 1_000L))).then();
        }
    }

    /** (C) A streamed result of a few hundred rows is cancelled after 3 rows. */
    private Mono<Void> cancelMidStream(Db db, Step s, Ledger ledger) {
        String stream = "SELECT n FROM " + seeds(db) + " ORDER BY n";
        switch (s.variant) {
            case 0: {
                // take(3) inside the function: the function completes, so it commits right after the cancel
                int m = ledger.expect(s, 0, true);
                return db.transaction(t -> t.create(new StressMark(m))
                                .thenMany(numbers(t.db(), stream).take(3)))
                        .collectList()
                        .doOnNext(rows -> check(ledger, s, rows))
                        .then();
            }
            case 1: {
                // take(3) outside: the transaction itself is cancelled mid-stream and rolls back
                int m = ledger.expect(s, 0, false);
                return db.transaction(t -> t.create(new StressMark(m)).thenMany(numbers(t.db(), stream)))
                        .take(3).then();
            }
            case 2: {
                // outside a transaction: the cancelled stream's connection goes back to the pool, then a write
                int m = ledger.expect(s, 0, true);
                return numbers(db, stream).take(3).collectList()
                        .doOnNext(rows -> check(ledger, s, rows))
                        .then(db.create(new StressMark(m))).then();
            }
            default: {
                // a write on the transaction's connection right after a stream on it was cancelled
                int m = ledger.expect(s, 0, true);
                return db.transaction(t -> numbers(t.db(), stream).take(3).collectList()
                                .doOnNext(rows -> check(ledger, s, rows))
                                .then(t.create(new StressMark(m))))
                        .then();
            }
        }
    }

    private static void check(Ledger ledger, Step s, List<Long> rows) {
        if (!rows.equals(List.of(0L, 1L, 2L))) {
            ledger.problem(s, "the first 3 rows were " + rows + ", expected [0, 1, 2]");
        }
    }

    /** (D) Work in a savepoint is cancelled; the outer transaction goes on, or is cancelled with it. */
    private Mono<Void> cancelMidSavepoint(Db db, Step s, Ledger ledger) {
        String stream = "SELECT n FROM " + seeds(db) + " ORDER BY n";
        switch (s.variant) {
            case 0: {
                int before = ledger.expect(s, 0, true);
                int inner = ledger.expect(s, 1, false);
                int after = ledger.expect(s, 2, true);
                return db.transaction(t -> t.create(new StressMark(before))
                        .then(t.transaction(t2 -> writesThenHang(t2, List.of(inner))).take(1).then())
                        .then(t.create(new StressMark(after)))).then();
            }
            case 1: {
                // the outer transaction is cancelled while the savepoint is open
                int before = ledger.expect(s, 0, false);
                int inner = ledger.expect(s, 1, false);
                return db.transaction(t -> t.create(new StressMark(before))
                        .thenMany(t.transaction(t2 -> writesThenHang(t2, List.of(inner))))).take(1).then();
            }
            case 2: {
                // a stream inside the savepoint is cancelled by a take outside it
                int before = ledger.expect(s, 0, true);
                int inner = ledger.expect(s, 1, false);
                int after = ledger.expect(s, 2, true);
                return db.transaction(t -> t.create(new StressMark(before))
                        .thenMany(t.transaction(t2 -> t2.create(new StressMark(inner))
                                .thenMany(numbers(t2.db(), stream))).take(3))
                        .then(t.create(new StressMark(after)))).then();
            }
            case 3: {
                // the savepoint times out while it waits (after 100 ms, when it is open: a timeout during its set-up
                // is aSavepointTimingOutWhileItIsSetUpKeepsTheNextWriteOfTheTransaction); the outer transaction
                // handles it and commits
                int before = ledger.expect(s, 0, true);
                int inner = ledger.expect(s, 1, false);
                int after = ledger.expect(s, 2, true);
                return db.transaction(t -> t.create(new StressMark(before))
                        .then(t.transaction(t2 -> t2.create(new StressMark(inner)).then(Mono.never()))
                                .timeout(Duration.ofMillis(100).plusNanos(s.micros * 1_000L)).then()
                                .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty()))
                        .then(t.create(new StressMark(after)))).then();
            }
            default: {
                // the outer transaction times out while its savepoint waits
                int before = ledger.expect(s, 0, false);
                int inner = ledger.expect(s, 1, false);
                return db.transaction(t -> t.create(new StressMark(before))
                                .thenMany(t.transaction(t2 -> t2.create(new StressMark(inner))
                                        .thenMany(Flux.never()))))
                        .timeout(Duration.ofNanos(500_000L + s.micros * 1_000L)).then()
                        .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty());
            }
        }
    }

    /** An application error, to tell the expected failure from the others. */
    static final class Boom extends RuntimeException {
        Boom() {
            super("boom", null, false, false);
        }
    }

    /** (E) The commit and rollback paths: completion, an application error, an SQL error, a recovered savepoint. */
    private Mono<Void> completeOrFail(Db db, Step s, Ledger ledger) {
        String broken = "UPDATE r2orm_no_such_table SET x = 1";
        switch (s.variant) {
            case 0: {
                int m = ledger.expect(s, 0, true);
                return db.transaction(t -> t.create(new StressMark(m))).then();
            }
            case 1: {
                int m = ledger.expect(s, 0, false);
                return db.transaction(t -> t.create(new StressMark(m)).then(Mono.error(new Boom()))).then()
                        .onErrorResume(Boom.class, e -> Mono.empty());
            }
            case 2: {
                // a failed statement (PostgreSQL aborts the transaction): rolled back, error signalled
                int m = ledger.expect(s, 0, false);
                return db.transaction(t -> t.create(new StressMark(m)).then(t.exec(broken))).then()
                        .onErrorResume(R2ormException.class, e -> Mono.empty());
            }
            case 3: {
                // a failed statement in a savepoint, handled: the savepoint is rolled back, the rest commits
                int before = ledger.expect(s, 0, true);
                int inner = ledger.expect(s, 1, false);
                int after = ledger.expect(s, 2, true);
                return db.transaction(t -> t.create(new StressMark(before))
                        .then(t.transaction(t2 -> t2.create(new StressMark(inner)).then(t2.exec(broken))).then()
                                .onErrorResume(R2ormException.class, e -> Mono.empty()))
                        .then(t.create(new StressMark(after)))).then();
            }
            case 4: {
                int m = ledger.expect(s, 0, true);
                return db.transactional(db.create(new StressMark(m))).then();
            }
            default: {
                int m = ledger.expect(s, 0, true);
                return db.create(new StressMark(m)).then();
            }
        }
    }

    // ------------------------------------------------------------------ a cancelled stream is drained

    /**
     * On a pool of ONE connection: stream 90,000 rows, cancel after a few (take, a StepVerifier cancel, a timeout,
     * inside and outside a transaction), and at once run the next query. 50 times in a row it returns the right
     * answer within 5 s, on the same server session each time (so the connection was returned, not replaced), and
     * the writes done right after a cancelled stream in a transaction are all there.
     */
    @DatabaseTest
    void cancelledStreamsAreDrainedBeforeTheConnectionIsReused(Db db, TestDatabase target) {
        setUp(db);
        Db one = onConnectionPoolOfOne(db, target, Duration.ofSeconds(5));
        String big = "SELECT a.n AS a_n, b.n AS b_n, 'padding padding padding padding padding padding' AS pad FROM "
                + seeds(db) + " a CROSS JOIN " + seeds(db) + " b";
        try {
            assertThat(numbers(one, "SELECT COUNT(*) FROM " + seeds(db) + " a CROSS JOIN " + seeds(db) + " b")
                    .blockLast(TIMEOUT)).isEqualTo((long) SEEDS * SEEDS).isGreaterThanOrEqualTo(20_000L);
            Object session = one.raw(connectionIdSql(target)).scan(Object.class).blockLast(TIMEOUT);
            assertThat(session).isNotNull();
            long slowest = 0;
            int writes = 0;
            for (int i = 0; i < 50; i++) {
                int variant = i % 6;
                String what = "run " + i + ", variant " + variant + " on " + target.displayName();
                switch (variant) {
                    case 0:
                        StepVerifier.create(one.raw(big).findMaps().take(5))
                                .expectNextCount(5).expectComplete().verify(TIMEOUT);
                        break;
                    case 1:
                        StepVerifier.create(one.raw(big).findMaps(), 0)
                                .thenRequest(5).expectNextCount(5).thenCancel()
                                .verify(TIMEOUT);
                        break;
                    case 2:
                        // the consumer stalls on the first row; a timeout cancels the stream
                        StepVerifier.create(one.raw(big).findMaps().concatMap(row -> Mono.never())
                                        .timeout(Duration.ofMillis(50)))
                                .expectError(TimeoutException.class)
                                .verify(TIMEOUT);
                        break;
                    case 3:
                        // take(5) inside the transaction: COMMIT goes out on the connection right after the cancel
                        StepVerifier.create(one.transaction(tx -> tx.db().raw(big).findMaps().take(5)))
                                .expectNextCount(5).expectComplete().verify(TIMEOUT);
                        break;
                    case 4:
                        // the transaction is cancelled mid-stream: ROLLBACK right after the cancel
                        StepVerifier.create(one.transaction(tx -> tx.db().raw(big).findMaps()).take(5))
                                .expectNextCount(5).expectComplete().verify(TIMEOUT);
                        break;
                    default:
                        // a write on the connection right after its stream was cancelled, then COMMIT
                        int marker = 100_000 + i;
                        StepVerifier.create(one.transaction(tx -> tx.db().raw(big).findMaps().take(5).count()
                                        .flatMap(n -> tx.create(new StressMark(marker)).thenReturn(n))))
                                .expectNext(5L).expectComplete().verify(TIMEOUT);
                        writes++;
                        break;
                }
                long k = (i * 37L) % SEEDS;
                long t0 = System.nanoTime();
                StepVerifier.create(numbers(one, "SELECT COUNT(*) FROM " + seeds(db) + " WHERE n < ?", k))
                        .as("the next query after " + what)
                        .expectNext(k).expectComplete()
                        .verify(Duration.ofSeconds(5));
                StepVerifier.create(one.raw(connectionIdSql(target)).scan(Object.class))
                        .as("the server session after " + what)
                        .expectNext(session).expectComplete()
                        .verify(Duration.ofSeconds(5));
                long took = System.nanoTime() - t0;
                slowest = Math.max(slowest, took);
                assertThat(Duration.ofNanos(took)).as("the next queries after " + what)
                        .isLessThan(Duration.ofSeconds(5));
            }
            StepVerifier.create(numbers(one, "SELECT COUNT(*) FROM " + marks(db) + " WHERE marker >= ?", 100_000))
                    .expectNext((long) writes).expectComplete().verify(TIMEOUT);
            PoolStatus status = awaitIdle(one);
            assertThat(status.isIdle()).as("the single-connection pool after the runs: %s", status).isTrue();
            assertThat(status.allocated()).as("one connection, never replaced: %s", status).isEqualTo(1);
            System.out.println("[" + target.displayName() + "] 50 cancelled 90,000-row streams; slowest next query "
                    + Duration.ofNanos(slowest).toMillis() + " ms, server session " + session + " throughout");
        } finally {
            one.close();
        }
    }

    /**
     * A savepoint whose {@code timeout} fires while it is still being set up (tens of microseconds): the outer
     * transaction handles the timeout, writes once more and commits. That write must stay. Reactor holds back a cancel
     * that arrives while the savepoint's subscription is being set up, while the timeout has already signalled its
     * error downstream, where the next write starts; that write waits until the set-up is over, and so comes after the
     * savepoint's {@code ROLLBACK TO SAVEPOINT}, which the cancel registers. (Before this, the next write was undone by
     * the late rollback about once in a few hundred iterations on PostgreSQL and MariaDB.) The fault suite runs 10,000
     * iterations per database.
     */
    @DatabaseTest
    void aSavepointTimingOutWhileItIsSetUpKeepsTheNextWriteOfTheTransaction(Db db, TestDatabase target) {
        savepointTimeoutRounds(db, target, 2_000);
    }

    /**
     * The race above made certain: the savepoint's subscriber signals a timeout downstream (where the transaction's
     * next write starts at once) and only then cancels the savepoint, both while the savepoint's subscription is still
     * being set up, as Reactor's {@code timeout} does when it fires at that moment. The write after the savepoint is
     * committed; the savepoint's own write is not.
     */
    @DatabaseTest
    void aCancelHeldBackUntilASavepointIsSetUpDoesNotUndoTheNextWrite(Db db, TestDatabase target) {
        setUp(db);
        for (int i = 0; i < 20; i++) {
            int before = 2_000_000 + i * 10;
            int after = before + 2;
            StepVerifier.create(db.transaction(t -> t.create(new StressMark(before))
                            .then(Mono.<Void>from(downstream -> t.transaction(
                                            t2 -> t2.create(new StressMark(before + 1)).then(Mono.never()))
                                    .subscribe(new BaseSubscriber<Object>() {
                                        @Override
                                        protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                                            // the error first, the cancel after it, still inside the set-up
                                            downstream.onSubscribe(reactor.core.publisher.Operators.emptySubscription());
                                            downstream.onError(new TimeoutException("held back"));
                                            s.cancel();
                                        }
                                    }))
                                    .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty()))
                            .then(t.create(new StressMark(after)))).then())
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(numbers(db, "SELECT marker FROM " + marks(db) + " WHERE marker >= ? AND marker < ?"
                            + " ORDER BY marker", before, before + 10).collectList())
                    .as("iteration " + i + " on " + target.displayName())
                    .expectNext(List.of((long) before, (long) after)).expectComplete().verify(TIMEOUT);
        }
        assertThat(awaitIdle(db).isIdle()).isTrue();
    }

    /**
     * Runs {@code iterations} transactions in which a savepoint times out after 20-520 microseconds, and checks that
     * the write before it and the write after it were both committed, and the savepoint's own write was not.
     *
     * @param db the database
     * @param target where it runs
     * @param iterations how many transactions
     * @return the iterations that lost a write (empty)
     */
    static List<String> savepointTimeoutRounds(Db db, TestDatabase target, int iterations) {
        setUp(db);
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < iterations && lost.isEmpty(); i++) {
            int before = 1_000_000 + i * 10;
            int after = before + 2;
            long micros = 20 + (i * 37L) % 500;
            db.transaction(t -> t.create(new StressMark(before))
                    .then(t.transaction(t2 -> t2.create(new StressMark(before + 1)).then(Mono.never()))
                            .timeout(Duration.ofNanos(micros * 1_000L)).then()
                            .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty()))
                    .then(t.create(new StressMark(after)))).then().block(TIMEOUT);
            List<Long> seen = numbers(db, "SELECT marker FROM " + marks(db) + " WHERE marker >= ? AND marker < ?"
                    + " ORDER BY marker", before, before + 10).collectList().block(TIMEOUT);
            if (!Objects.equals(seen, List.of((long) before, (long) after))) {
                lost.add("iteration " + i + ", timeout " + micros + " us: markers " + seen);
            }
        }
        assertThat(lost).as("on " + target.displayName()).isEmpty();
        return lost;
    }

    // ------------------------------------------------------------------ cancelled while waiting for a connection

    /**
     * Every connection of the pool is held by an open transaction (with an uncommitted write) while 12 operations of
     * six kinds ({@code db.transaction}, {@code db.create}, a streamed {@code raw} query, {@code db.begin()},
     * {@code db.transactional}, a count) wait for a connection; they are cancelled while they wait, 10 rounds. Then
     * the held transactions roll back: the pool is idle and healthy and no row is visible.
     */
    @DatabaseTest
    void cancellingWhileWaitingForAConnectionLeaksNothing(Db db, TestDatabase target) {
        waitingRounds(db, target, false);
    }

    /**
     * As {@link #cancellingWhileWaitingForAConnectionLeaksNothing}, but the waiting operations are cancelled at the
     * very moment the held transactions roll back and free their connections: some are cancelled while they wait,
     * some while they BEGIN, some after they started.
     */
    @DatabaseTest
    void cancellingWaitersWhileConnectionsFreeUpLeavesNoTransactionOpen(Db db, TestDatabase target) {
        waitingRounds(db, target, true);
    }

    /**
     * As {@link #cancellingWaitersWhileConnectionsFreeUpLeavesNoTransactionOpen}, on a pool the caller built with
     * r2dbc-pool's defaults: a borrowed connection is only checked locally, so a connection freed by a rollback reaches
     * a waiting operation at once, in the middle of its cancel.
     */
    @DatabaseTest
    void cancellingWaitersOnACallersDefaultPoolLeavesNothingBehind(Db db, TestDatabase target) {
        ConnectionFactory unpooled = ((ConnectionPool) db.connectionFactory()).unwrap();
        ConnectionPool pool = new ConnectionPool(io.r2dbc.pool.ConnectionPoolConfiguration.builder(unpooled)
                .maxSize(4)
                .maxAcquireTime(Duration.ofSeconds(10))
                .build());
        Db callers = Db.open(pool, target.configure(Config.builder()).build());
        try {
            waitingRounds(callers, target, true);
        } finally {
            callers.close();
            pool.dispose();
        }
    }

    private static void waitingRounds(Db db, TestDatabase target, boolean race) {
        setUp(db);
        int size = db.poolStatus().orElseThrow().maxSize();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger marker = new AtomicInteger();
        for (int round = 0; round < 10; round++) {
            String where = "round " + round + (race ? " (race)" : "") + " on " + target.displayName();
            List<Tx> held = Flux.range(0, size)
                    .flatMap(k -> db.begin().flatMap(tx -> tx.create(new StressMark(marker.incrementAndGet()))
                            .thenReturn(tx)), size)
                    .collectList().block(TIMEOUT);
            assertThat(held).hasSize(size);
            assertThat(db.poolStatus().orElseThrow().acquired()).as(where).isEqualTo(size);

            List<Publisher<?>> waiting = new ArrayList<>();
            for (int w = 0; w < 12; w++) {
                int m = marker.incrementAndGet();
                switch (w % 6) {
                    case 0 -> waiting.add(race
                            ? db.transaction(t -> t.create(new StressMark(m)).then(Mono.never()))
                            : db.transaction(t -> t.create(new StressMark(m))));
                    case 1 -> waiting.add(race ? db.model(StressMark.class).count() : db.create(new StressMark(m)));
                    case 2 -> waiting.add(db.raw("SELECT n FROM " + seeds(db) + " ORDER BY n").scan(Integer.class));
                    case 3 -> waiting.add(db.begin());
                    case 4 -> waiting.add(race ? db.transactional(db.model(StressMark.class).count())
                            : db.transactional(db.create(new StressMark(m))));
                    default -> waiting.add(db.model(StressMark.class).count());
                }
            }
            List<Disposable> subscriptions = new ArrayList<>();
            for (Publisher<?> p : waiting) {
                subscriptions.add(Flux.from(p).subscribe(x -> {
                    if (x instanceof Tx tx) {
                        // a Tx that arrives despite the cancel (race rounds) is rolled back, as a careful caller would
                        tx.rollback().subscribe(v -> { }, e -> problems.add(where + ": rollback of a late Tx " + e));
                    }
                }, e -> problems.add(where + ": a waiting operation failed: " + e)));
            }
            PoolStatus status = awaitStatus(db, st -> st.pending() >= waiting.size(), Duration.ofSeconds(3));
            assertThat(status.pending()).as("operations waiting for a connection in %s: %s", where, status)
                    .isEqualTo(waiting.size());
            assertThat(status.acquired()).as(where).isEqualTo(size);

            if (race) {
                // the held transactions roll back while the waiting operations are being cancelled
                Mono<Void> rollbacks = Flux.fromIterable(held).flatMap(Tx::rollback).then();
                Disposable ending = rollbacks.subscribe(x -> { }, e -> problems.add(where + ": rollback " + e));
                subscriptions.forEach(Disposable::dispose);
                status = awaitStatus(db, st -> ending.isDisposed() && st.isIdle(), Duration.ofSeconds(5));
            } else {
                subscriptions.forEach(Disposable::dispose);
                status = awaitStatus(db, st -> st.pending() == 0, Duration.ofSeconds(3));
                assertThat(status.pending()).as("waiting after the cancel in %s: %s", where, status).isZero();
                assertThat(status.acquired()).as("held after the cancel in %s: %s", where, status).isEqualTo(size);
                Flux.fromIterable(held).flatMap(Tx::rollback).then().block(TIMEOUT);
                status = awaitIdle(db);
            }
            assertThat(status.isIdle()).as("the pool after %s: %s", where, status).isTrue();
            assertThat(held).as(where).allMatch(Tx::isClosed);
        }
        assertThat(problems).isEmpty();
        assertHealthy(db, target, Set.of(), null);
    }

    // ------------------------------------------------------------------ pool checks

    /** A second {@code Db} on the same server with a pool of ONE connection; the caller closes it. */
    private static Db onConnectionPoolOfOne(Db db, TestDatabase target, Duration acquireTimeout) {
        ConnectionFactory unpooled = ((ConnectionPool) db.connectionFactory()).unwrap();
        return Db.open(unpooled, target.configure(Config.builder()
                .maxPoolSize(1)
                .acquireTimeout(acquireTimeout)).build());
    }

    private static PoolStatus awaitStatus(Db db, java.util.function.Predicate<PoolStatus> done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        PoolStatus status = db.poolStatus().orElseThrow();
        while (!done.test(status) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            status = db.poolStatus().orElseThrow();
        }
        return status;
    }

    /** Waits (up to 5 s) until nothing is acquired or waiting and every open connection is back among the idle. */
    private static PoolStatus awaitIdle(Db db) {
        return awaitStatus(db, s -> s.isIdle() && s.idle() == s.allocated(), Duration.ofSeconds(5));
    }

    /**
     * The pool is idle; then every connection it can hold is taken at once (so each pooled one is among them): each
     * is in autocommit (no transaction left open), answers, and sees exactly {@code visible}; then {@code SELECT 1}
     * runs 8 times over the pool through r2orm.
     */
    private static void assertHealthy(Db db, TestDatabase target, Set<Integer> visible, Ledger ledger) {
        String where = " on " + target.displayName() + (ledger == null ? "" : ledger.where());
        PoolStatus status = awaitIdle(db);
        assertThat(status.isIdle()).as("no acquired or waiting connection afterwards" + where + ": " + status)
                .isTrue();
        int size = status.maxSize();
        ConnectionFactory pool = db.connectionFactory();
        List<Connection> all = Flux.range(0, size).flatMap(i -> Mono.<Connection>from(pool.create()), size)
                .collectList().block(TIMEOUT);
        try {
            Set<Object> sessions = new java.util.HashSet<>();
            for (Connection c : Objects.requireNonNull(all)) {
                assertThat(c.isAutoCommit()).as("a pooled connection left in a transaction" + where).isTrue();
                sessions.add(rawQuery(c, connectionIdSql(target)).get(0));
                assertThat(rawQuery(c, "SELECT 1")).as("SELECT 1 on a pooled connection" + where)
                        .singleElement().satisfies(v -> assertThat(((Number) v).intValue()).isEqualTo(1));
                Set<Integer> seen = rawQuery(c, "SELECT marker FROM " + marks(db)).stream()
                        .map(v -> ((Number) v).intValue()).collect(Collectors.toCollection(TreeSet::new));
                if (!seen.equals(visible)) {
                    throw new AssertionError(describe(seen, visible, ledger) + where);
                }
            }
            assertThat(sessions).as("distinct server sessions" + where).hasSize(size);
        } finally {
            Flux.fromIterable(Objects.requireNonNull(all)).concatMap(Connection::close).then().block(TIMEOUT);
        }
        assertThat(Flux.range(0, 8).flatMap(i -> numbers(db, "SELECT 1"), 4).collectList().block(TIMEOUT))
                .as("SELECT 1 through r2orm" + where).hasSize(8).containsOnly(1L);
        PoolStatus after = awaitIdle(db);
        assertThat(after.isIdle()).as("idle at the end" + where + ": " + after).isTrue();
    }

    private static List<Object> rawQuery(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute())
                .concatMap(r -> r.map((row, meta) -> Objects.requireNonNull(row.get(0))))
                .collectList().block(TIMEOUT);
    }

    private static String describe(Set<Integer> seen, Set<Integer> visible, Ledger ledger) {
        Set<Integer> unexpected = new TreeSet<>(seen);
        unexpected.removeAll(visible);
        Set<Integer> missing = new TreeSet<>(visible);
        missing.removeAll(seen);
        StringBuilder b = new StringBuilder("visible markers differ: ")
                .append(unexpected.size()).append(" visible that must not be, ")
                .append(missing.size()).append(" missing that were committed");
        for (Integer m : unexpected) {
            b.append("\n  visible: ").append(m).append(ledger == null ? "" : " of " + ledger.owner.get(m));
        }
        for (Integer m : missing) {
            b.append("\n  missing: ").append(m).append(ledger == null ? "" : " of " + ledger.owner.get(m));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ cancelled during BEGIN

    /**
     * On a pool of ONE connection: a transaction ({@code db.transaction} or {@code db.begin()}) cancelled 0 to 1.5 ms
     * after subscription, that is before, during or after its BEGIN, 300 times; after each, once the pool is idle,
     * its connection must be in autocommit with no transaction open, and answer.
     */
    @DatabaseTest
    void cancellingDuringBeginLeavesNoTransactionOpenOnAPooledConnection(Db db, TestDatabase target) {
        setUp(db);
        long seed = Long.getLong("r2orm.stress.seed", System.nanoTime());
        Random random = new Random(seed);
        Db one = onConnectionPoolOfOne(db, target, Duration.ofSeconds(2));
        List<String> openAfter = new ArrayList<>();
        String broken = null;
        int runs = 300;
        try {
            for (int i = 0; i < runs && broken == null; i++) {
                Duration after = Duration.ofNanos(random.nextInt(1_500) * 1_000L);
                boolean manual = i % 2 == 1;
                try {
                    if (manual) {
                        Tx tx = beginCancelledAfter(one, after);
                        if (tx != null) {
                            tx.rollback().block(TIMEOUT);
                        }
                    } else {
                        one.transaction(t -> Flux.never()).takeUntilOther(Mono.delay(after)).then().block(TIMEOUT);
                    }
                    PoolStatus status = awaitIdle(one);
                    assertThat(status.isIdle()).as("run %d: %s", i, status).isTrue();
                    Connection c = Mono.<Connection>from(one.connectionFactory().create()).block(TIMEOUT);
                    try {
                        if (!c.isAutoCommit()) {
                            openAfter.add(i + (manual ? " begin()" : " transaction()") + " cancelled after "
                                    + after.toNanos() / 1_000 + " us");
                        }
                        assertThat(rawQuery(c, "SELECT 1")).hasSize(1);
                    } finally {
                        Mono.from(Objects.requireNonNull(c).close()).block(TIMEOUT);
                    }
                } catch (RuntimeException e) {
                    broken = "run " + i + ": the pooled connection no longer works: " + e;
                }
            }
        } finally {
            ((ConnectionPool) one.connectionFactory()).disposeLater().block(Duration.ofSeconds(10));
        }
        assertThat(broken).as("[seed %d]", seed).isNull();
        assertThat(openAfter).as("cancels that left a transaction open on the idle pooled connection (of %d, seed %d)"
                + " on %s", runs, seed, target.displayName()).isEmpty();
    }

    /**
     * Subscribes to {@code begin()} and cancels it after a delay, on a timer thread. A transaction emitted before the
     * cancel is kept and returned: it belongs to the caller. ({@code take(Duration)} would not do: an element that
     * races its timer is dropped after the downstream completed.)
     */
    private static Tx beginCancelledAfter(Db db, Duration after) {
        java.util.concurrent.atomic.AtomicReference<Tx> got = new java.util.concurrent.atomic.AtomicReference<>();
        BaseSubscriber<Tx> subscriber = new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(Tx tx) {
                got.set(tx);
            }
        };
        db.begin().subscribe(subscriber);
        Mono.delay(after).subscribe(x -> subscriber.dispose());
        awaitStatus(db, s -> got.get() != null || s.isIdle() && subscriber.isDisposed(), TIMEOUT);
        return got.get();
    }

    // ------------------------------------------------------------------ a write cancelled in flight

    /**
     * On a pool of ONE connection, 600 times: a timeout (on a timer thread) cancels work while its INSERT is in flight,
     * 0.2 to 2.2 ms after subscription: in a savepoint (the outer transaction handles the timeout, writes once more and
     * commits), or the whole transaction. The INSERT of the cancelled work must be undone by the ROLLBACK (TO
     * SAVEPOINT) that follows the cancel, and the other writes kept.
     */
    @DatabaseTest
    void aWriteCancelledInFlightIsUndoneByTheRollbackThatFollows(Db db, TestDatabase target) {
        setUp(db);
        long seed = Long.getLong("r2orm.stress.seed", System.nanoTime());
        Random random = new Random(seed);
        Db one = onConnectionPoolOfOne(db, target, Duration.ofSeconds(5));
        int first = 1_000_000;
        int runs = 600;
        Set<Integer> visible = new TreeSet<>();
        Map<Integer, String> what = new TreeMap<>();
        try {
            for (int i = 0; i < runs; i++) {
                int base = first + i * SLOTS;
                Duration after = Duration.ofNanos(200_000L + random.nextInt(2_000) * 1_000L);
                String run = "run " + i + " (timeout " + after.toNanos() / 1_000 + " us)";
                if (i % 2 == 0) {
                    what.put(base, run + " outer write before the savepoint");
                    what.put(base + 1, run + " write in the savepoint that timed out");
                    what.put(base + 2, run + " outer write after the savepoint");
                    visible.add(base);
                    visible.add(base + 2);
                    one.transaction(t -> t.create(new StressMark(base))
                                    .then(t.transaction(t2 -> t2.create(new StressMark(base + 1)).then(Mono.never()))
                                            .timeout(after).then()
                                            .onErrorResume(CancellationStressIntegrationTests::isTimeout,
                                                    e -> Mono.empty()))
                                    .then(t.create(new StressMark(base + 2))))
                            .then().block(TIMEOUT);
                } else {
                    what.put(base, run + " first write of the transaction that timed out");
                    what.put(base + 1, run + " second write of the transaction that timed out");
                    one.transaction(t -> t.create(new StressMark(base)).then(t.create(new StressMark(base + 1)))
                                    .then(Mono.never()))
                            .timeout(after).then()
                            .onErrorResume(CancellationStressIntegrationTests::isTimeout, e -> Mono.empty())
                            .block(TIMEOUT);
                }
            }
            PoolStatus status = awaitIdle(one);
            assertThat(status.isIdle()).as("%s", status).isTrue();
        } finally {
            one.close();
        }
        Map<Integer, Long> ids = new TreeMap<>();
        db.raw("SELECT marker, id FROM " + marks(db) + " WHERE marker >= ?", first).findMaps()
                .doOnNext(row -> ids.put(((Number) row.get("marker")).intValue(), ((Number) row.get("id")).longValue()))
                .blockLast(TIMEOUT);
        Set<Integer> unexpected = new TreeSet<>(ids.keySet());
        unexpected.removeAll(visible);
        Set<Integer> missing = new TreeSet<>(visible);
        missing.removeAll(ids.keySet());
        if (!unexpected.isEmpty() || !missing.isEmpty()) {
            StringBuilder b = new StringBuilder("on " + target.displayName() + " [seed " + seed + "], of " + runs
                    + " runs: " + unexpected.size() + " cancelled writes visible, " + missing.size()
                    + " committed writes missing");
            for (int m : unexpected) {
                int base = m - m % SLOTS;
                b.append("\n  visible: ").append(what.get(m)).append("; ids of the run (marker=id): ");
                for (int k = base; k < base + 3; k++) {
                    b.append(k).append('=').append(ids.get(k)).append(' ');
                }
            }
            for (int m : missing) {
                b.append("\n  missing: ").append(what.get(m));
            }
            throw new AssertionError(b.toString());
        }
    }
}
