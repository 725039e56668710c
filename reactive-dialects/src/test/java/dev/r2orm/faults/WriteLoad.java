package dev.r2orm.faults;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.Db;
import dev.r2orm.R2ormException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writers that insert rows with unique markers while a fault happens, and the ledger of what each was told: odd markers
 * are transactions of two rows, even ones single inserts outside a transaction. Afterwards {@link #check} compares the
 * ledger with the table: no acknowledged write may be missing, no transaction half-written, every failure typed, and a
 * failure that said nothing was committed ({@link R2ormException#isRetryable()}) must not be found committed.
 */
final class WriteLoad {

    private static final Duration BACK_OFF = Duration.ofMillis(20);

    private final Db db;
    private final Duration cap;
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> markers = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private volatile long until;
    private CompletableFuture<Void> running;

    /**
     * @param db the database written to
     * @param cap how long one write may take before it counts as hung
     */
    WriteLoad(Db db, Duration cap) {
        this.db = db;
        this.cap = cap;
    }

    /**
     * Starts the writers.
     *
     * @param writers how many write at once
     * @param length how long they keep writing
     * @return this load
     */
    WriteLoad start(int writers, Duration length) {
        until = System.nanoTime() + length.toNanos();
        running = Flux.range(0, writers)
                .flatMap(w -> Mono.defer(this::one).repeat(() -> System.nanoTime() - until < 0).then(), writers)
                .then()
                .toFuture();
        return this;
    }

    /** Waits for the writers to stop, at most their length plus the cap and a margin. */
    void awaitEnd() {
        long left = until - System.nanoTime() + cap.toNanos() + TimeUnit.SECONDS.toNanos(10);
        running.orTimeout(Math.max(left, 0), TimeUnit.NANOSECONDS).join();
    }

    /** @return the number of writes that succeeded so far */
    long acknowledged() {
        return attempts.stream().filter(Attempt::ok).count();
    }

    private Mono<Void> one() {
        long marker = next.incrementAndGet();
        boolean pair = marker % 2 == 1;
        String name = (pair ? "pair " : "single ") + marker;
        markers.put(name, marker);
        Mono<?> write = pair
                ? db.transaction(tx -> tx.create(new FaultMark(marker, "pair-a"))
                        .then(tx.create(new FaultMark(marker, "pair-b")))).then()
                : db.create(new FaultMark(marker, "single"));
        return Mono.fromFuture(Attempt.start(name, write, cap))
                .flatMap(a -> {
                    attempts.add(a);
                    return a.ok() ? Mono.<Void>empty() : Mono.delay(BACK_OFF).then();
                });
    }

    /**
     * Runs {@code writers} writers, does the fault after {@code before} of steady writing, lets them write
     * {@code after} longer, then checks the table, asserts the pool healthy and records the figures.
     *
     * @param bench the bench of the test
     * @param db the database written to, with a pool of {@code poolSize}
     * @param poolSize its pool size
     * @param writers how many write at once
     * @param fault its name in the figures
     * @param doFault does the fault and returns once it is over (the server is back, the proxy passes)
     * @param before writing before the fault
     * @param after writing after the fault
     * @param cap how long one write may take before it counts as hung
     * @return the result; the caller asserts on it
     */
    static Result underFault(FaultBench bench, Db db, int poolSize, int writers, String fault, Runnable doFault,
            Duration before, Duration after, Duration cap) {
        bench.fault(fault, db);
        WriteLoad load = new WriteLoad(db, cap);
        long t0 = System.nanoTime();
        load.start(writers, Duration.ofDays(1));
        FaultBench.sleep(before.toMillis());
        long acknowledgedBefore = load.acknowledged();
        long ended;
        try {
            doFault.run();
        } finally {
            ended = System.nanoTime();
            load.until = ended + after.toNanos();
            load.awaitEnd();
        }
        Result result = load.check(bench.rowsByMarker(), ended);
        bench.attempts(result.attempts());
        bench.writes(result.lostWrites(), result.ambiguous());
        bench.recovered(result.recoverMs());
        System.out.println("[faults] " + bench.target + " " + fault + ": " + acknowledgedBefore
                + " writes acknowledged before the fault, " + load.acknowledged() + " in all, in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms; problems: " + result.problems());
        bench.healthy(db, poolSize);
        return result;
    }

    /** What the table says about the writes. */
    record Result(List<Attempt> attempts, Map<String, Integer> failed, long longestWaitMs, long recoverMs, int lost,
            int partial, int ambiguous, List<String> problems) {

        int lostWrites() {
            return lost + partial;
        }
    }

    /**
     * Compares the ledger with the table.
     *
     * @param rows rows by marker, read after the load
     * @param faultEndedNanos when the fault ended; the recovery time is from then to the first write that succeeded
     *     after it
     * @return the figures and every problem found
     */
    Result check(Map<Long, Long> rows, long faultEndedNanos) {
        List<Attempt> all = new ArrayList<>(attempts);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> untyped = new TreeMap<>();
        int lost = 0;
        int partial = 0;
        int ambiguous = 0;
        long recovered = Long.MAX_VALUE;
        for (Attempt a : all) {
            long marker = markers.get(a.name());
            boolean pair = marker % 2 == 1;
            long found = rows.getOrDefault(marker, 0L);
            long expected = pair ? 2 : 1;
            if (found > expected) {
                problems.add(a.name() + ": " + found + " rows, expected at most " + expected);
            }
            if (pair && found == 1) {
                partial++;
                problems.add(a.name() + ": a transaction is half-written (" + a + ")");
            }
            if (a.ok()) {
                if (found < expected) {
                    lost++;
                    problems.add(a.name() + ": acknowledged but " + found + " of " + expected + " rows found");
                }
                if (a.endNanos() - faultEndedNanos > 0) {
                    recovered = Math.min(recovered, a.endNanos() - faultEndedNanos);
                }
                continue;
            }
            if (found > 0) {
                ambiguous++;
                if (a.error() instanceof R2ormException r && r.isRetryable()) {
                    problems.add(a.name() + ": failed as retryable (nothing committed) but found committed: " + a);
                }
            }
            if (a.error() instanceof ConnectionLostException lostError && !lostError.outcomeUnknown() && found > 0) {
                problems.add(a.name() + ": outcomeUnknown() was false but the write is committed: " + a);
            }
            if (!a.typed()) {
                if (untyped.merge(a.outcome(), 1, Integer::sum) == 1) {
                    problems.add("untyped failure, first of its type: " + a);
                }
            }
        }
        untyped.forEach((type, count) -> {
            if (count > 1) {
                problems.add(count + " failures of untyped " + type);
            }
        });
        long recoverMs = recovered == Long.MAX_VALUE ? -1 : Duration.ofNanos(recovered).toMillis();
        if (recoverMs < 0) {
            problems.add("no write succeeded after the fault ended");
        }
        return new Result(all, Attempt.failures(all), Attempt.longest(all), recoverMs, lost, partial, ambiguous,
                problems);
    }
}
