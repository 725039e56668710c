package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.Query;
import dev.r2orm.integration.StreamingChild.StreamRow;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Streamed reads ({@code Query.find()}) on a table of {@value #ROWS} rows of ~300 characters:
 *
 * <ul>
 *   <li>are bounded in memory: a JVM forked with {@code -Xmx64m} reads every row through {@code find()} with a consumer
 *       slower than the database and gets the exact count and sum of ids, while the same JVM collecting the result
 *       into a list dies of {@code OutOfMemoryError} (so the heap really is too small to hold the result);</li>
 *   <li>release their connection promptly when cancelled mid-stream by {@code take(n)}, by {@code timeout} over a slow
 *       consumer and by disposing the subscription, with the default fetch size, {@code fetchSize(100)} and a fetch
 *       size larger than the result; after each cancel all of the pool's connections are held at once and each
 *       answers a query on the table correctly.</li>
 * </ul>
 *
 * <p>Figures (rows/s, heap, cancel-to-idle latency) are printed as lines starting with {@code [streaming]}; only
 * generous bounds are asserted on timings. H2 runs the forked JVM on a file database of its own, since the in-memory
 * database of the test JVM is out of another process's reach.
 */
@Tag("stress")
class StreamingIntegrationTests {

    private static final int ROWS = 300_000;
    private static final long ID_SUM = (long) ROWS * (ROWS + 1) / 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A forked JVM still running after this is killed, failing the test rather than hanging the build. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    /** The generous bound on a cancelled stream's connection coming back and answering again. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** The size of the kit's pools: every one of them must answer after a cancel. */
    private static final int POOL = 4;
    /** Fetch sizes compared: the default, a small one, and one larger than the result (a single fetch). */
    private static final List<Integer> FETCH_SIZES = List.of(0, 100, 1_000_000);
    /** Rows per INSERT of the fill. */
    private static final int FILL_CHUNK = 20_000;

    // ------------------------------------------------------------------ filling the table

    /**
     * Creates the table and fills it on the server, {@link #FILL_CHUNK} rows per statement (one statement of
     * {@value #ROWS} rows is several times slower on an H2 file database): ids 1..ROWS, payload {@code x...x<id>}.
     */
    private static void fill(Db db, TestDatabase target) {
        db.migrator().autoMigrate(StreamRow.class).block(WAIT);
        String insert = "INSERT INTO " + db.schema(StreamRow.class).table() + " (id, payload) ";
        String select;
        switch (target) {
            case H2:
                select = "SELECT \"X\", LPAD(CAST(\"X\" AS VARCHAR), ?, 'x') FROM SYSTEM_RANGE(?, ?)";
                break;
            case POSTGRESQL:
                select = "SELECT g, lpad(g::text, ?, 'x') FROM generate_series(?, ?) g";
                break;
            default:
                // the sequence engine's table seq_1_to_N holds 1..N
                select = "SELECT seq, LPAD(seq, ?, 'x') FROM seq_1_to_" + ROWS + " WHERE seq BETWEEN ? AND ?";
        }
        long inserted = Flux.range(0, ROWS / FILL_CHUNK)
                .concatMap(i -> db.exec(insert + select, StreamRow.PAYLOAD, i * FILL_CHUNK + 1, (i + 1) * FILL_CHUNK))
                .reduce(0L, Long::sum)
                .block(WAIT);
        assertThat(inserted).isEqualTo(ROWS);
    }

    // ------------------------------------------------------------------ 1. bounded memory

    @DatabaseTest
    void aStreamOfMoreRowsThanTheHeapHoldsRunsInBoundedMemory(Db db, TestDatabase target, TestUrl url,
            @TempDir Path dir) {
        String childUrl = url.value();
        if (target == TestDatabase.H2) {
            // CACHE_SIZE in KB: H2's page cache stays a small part of the child's heap
            childUrl = "r2dbc:h2:file:///" + dir.toAbsolutePath() + "/stream?options=CACHE_SIZE=4096";
            try (Db file = Db.open(childUrl)) {
                fill(file, target);
            }
        } else {
            fill(db, target);
        }

        Child streamed = Child.run("stream", childUrl, dir);
        assertThat(streamed.exit).as(streamed.output).isZero();
        Map<String, String> f = streamed.figures();
        assertThat(f).as(streamed.output)
                .containsEntry("rows", Integer.toString(ROWS))
                .containsEntry("idSum", Long.toString(ID_SUM))
                .containsEntry("malformed", "0");
        report(target, "stream of %,d rows: %,d rows/s (%s ms, first row after %s ms); heap: peak used %.1f MB, "
                        + "%.1f MB after a GC mid-stream, %.1f MB after a GC at the end, of %.0f MB; child JVM %,d ms",
                ROWS, Long.parseLong(f.get("rowsPerSec")), f.get("elapsedMs"), f.get("firstRowMs"),
                mb(f, "peakUsedKb"), mb(f, "midStreamAfterGcKb"), mb(f, "endAfterGcKb"), mb(f, "maxHeapKb"),
                streamed.millis);

        Child collected = Child.run("collect", childUrl, dir);
        assertThat(collected.exit).as(collected.output).isNotZero();
        assertThat(collected.output).contains("OutOfMemoryError");
        report(target, "control collectList(): exit %d, OutOfMemoryError after %,d ms", collected.exit,
                collected.millis);
    }

    private static double mb(Map<String, String> figures, String kb) {
        return Long.parseLong(figures.get(kb)) / 1024.0;
    }

    /** A finished {@link StreamingChild}: exit code, everything it printed, and how long it ran. */
    private record Child(int exit, String output, long millis) {

        /** Runs the child; its temporary files (H2 buffers large results in one) go to {@code tmp}. */
        static Child run(String mode, String url, Path tmp) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
                    "-cp", System.getProperty("java.class.path"),
                    StreamingChild.class.getName(), mode, url, Integer.toString(ROWS), Long.toString(ID_SUM));
            long start = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(p.getInputStream(), out), "streaming-child-output");
            pump.start();
            try {
                boolean ended = p.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                pump.join(TimeUnit.SECONDS.toMillis(10));
                String output = out.toString(StandardCharsets.UTF_8);
                if (!ended) {
                    throw new AssertionError("the " + mode + " child did not end within " + CHILD_TIMEOUT.toSeconds()
                            + " s and was killed; it printed:\n" + output);
                }
                return new Child(p.exitValue(), output, (System.nanoTime() - start) / 1_000_000);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the " + mode + " child", e);
            }
        }

        private static void copy(InputStream in, ByteArrayOutputStream out) {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // the child was killed: keep what it printed
            }
        }

        /** @return the key=value pairs of the child's line of figures */
        Map<String, String> figures() {
            Map<String, String> f = new LinkedHashMap<>();
            output.lines().filter(l -> l.startsWith(StreamingChild.FIGURES)).findFirst().ifPresent(line -> {
                for (String pair : line.substring(StreamingChild.FIGURES.length()).trim().split(" ")) {
                    int eq = pair.indexOf('=');
                    f.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            });
            return f;
        }
    }

    // ------------------------------------------------------------------ 2. cancellation mid-stream

    /** How a test cancels a stream of every row; each returns the rows its subscriber received. */
    private enum CancelStyle {
        /** {@code take(500)}: cancels from inside the 500th {@code onNext}, on the driver's thread. */
        TAKE {
            @Override
            long cancel(Flux<StreamRow> rows) {
                AtomicLong seen = new AtomicLong();
                StepVerifier.create(rows.doOnNext(r -> seen.incrementAndGet()).take(500).count())
                        .expectNext(500L)
                        .expectComplete()
                        .verify(WAIT);
                return seen.get();
            }
        },
        /**
         * A consumer taking 1 ms per row that stalls on the 201st, under a {@code timeout} of 500 ms between rows (the
         * first row may take as long as the query does): cancels from the timer's thread.
         */
        TIMEOUT {
            @Override
            long cancel(Flux<StreamRow> rows) {
                AtomicLong seen = new AtomicLong();
                StepVerifier.create(rows.index()
                                .concatMap(r -> Mono.delay(Duration.ofMillis(r.getT1() < 200 ? 1 : WAIT.toMillis()))
                                        .thenReturn(r))
                                .doOnNext(r -> seen.incrementAndGet())
                                .timeout(Mono.delay(WAIT), r -> Mono.delay(Duration.ofMillis(500))))
                        .thenConsumeWhile(r -> true)
                        .expectError(TimeoutException.class)
                        .verify(WAIT);
                return seen.get();
            }
        },
        /**
         * A subscriber that asks for 1,000 rows and no more, disposed by the test's thread once it has them: the stream
         * waits for demand when it is cancelled.
         */
        DISPOSE {
            @Override
            long cancel(Flux<StreamRow> rows) {
                AtomicLong seen = new AtomicLong();
                AtomicBoolean ended = new AtomicBoolean();
                CountDownLatch received = new CountDownLatch(1);
                BaseSubscriber<StreamRow> subscriber = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        s.request(1_000);
                    }

                    @Override
                    protected void hookOnNext(StreamRow row) {
                        if (seen.incrementAndGet() == 1_000) {
                            received.countDown();
                        }
                    }

                    @Override
                    protected void hookFinally(SignalType type) {
                        ended.set(type != SignalType.CANCEL);
                    }
                };
                rows.subscribe(subscriber);
                try {
                    assertThat(received.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                            .as("1,000 rows received").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                } finally {
                    subscriber.dispose();
                }
                assertThat(ended).as("the stream ended before it was disposed").isFalse();
                return seen.get();
            }
        };

        abstract long cancel(Flux<StreamRow> rows);
    }

    @DatabaseTest
    void cancellingAStreamMidwayReleasesItsConnectionPromptly(Db db, TestDatabase target) {
        fill(db, target);
        everyConnectionAnswers(db); // opens all of the pool's connections, so each cancel below reuses one
        assertThat(db.poolStatus().orElseThrow().allocated()).isEqualTo(POOL);
        long before = System.nanoTime();
        long baseline = everyConnectionAnswers(db) - before;
        report(target, "no cancel: all %d connections answered in %.3f ms", POOL, baseline / 1e6);

        for (CancelStyle style : CancelStyle.values()) {
            for (int fetchSize : FETCH_SIZES) {
                Query<StreamRow> query = fetchSize == 0 ? db.model(StreamRow.class)
                        : db.model(StreamRow.class).fetchSize(fetchSize);
                AtomicLong cancelledAt = new AtomicLong();
                long seen = style.cancel(query.find().doOnCancel(() -> cancelledAt.set(System.nanoTime())));

                assertThat(cancelledAt.get()).as("%s cancelled the stream", style).isNotZero();
                assertThat(seen).as("%s rows seen before the cancel", style).isPositive().isLessThan(ROWS);
                long idle = Pools.awaitIdle(db, PROMPTLY) - cancelledAt.get();
                long answered = everyConnectionAnswers(db) - cancelledAt.get();
                report(target, "cancel by %-7s fetchSize %-9s after %,6d rows: pool idle after %8.3f ms, all %d "
                                + "connections answered after %8.3f ms",
                        style, fetchSize == 0 ? "default" : String.format(Locale.ROOT, "%,d", fetchSize), seen,
                        idle / 1e6, POOL, answered / 1e6);
            }
        }
    }

    /**
     * Holds every connection of the pool at once, each in a transaction that waits for the others, then reads a
     * different row by primary key on each and checks it; the transactions end in a rollback.
     *
     * @return the {@link System#nanoTime()} at which every connection had answered
     */
    private static long everyConnectionAnswers(Db db) {
        AtomicInteger holding = new AtomicInteger();
        Sinks.Empty<Void> allHeld = Sinks.empty();
        Function<Long, Mono<StreamRow>> readOnItsOwnConnection = id -> db.transactionMono(tx ->
                Mono.fromRunnable(() -> {
                    if (holding.incrementAndGet() == POOL) {
                        allHeld.tryEmitEmpty();
                    }
                }).then(allHeld.asMono()).then(tx.model(StreamRow.class).where("id = ?", id).first()));
        List<StreamRow> rows = Flux.range(1, POOL)
                .map(i -> i * 1_000L)
                .flatMap(readOnItsOwnConnection, POOL)
                .collectList()
                .block(PROMPTLY);
        long now = System.nanoTime();
        assertThat(rows).extracting(r -> r.id).containsExactlyInAnyOrder(1_000L, 2_000L, 3_000L, 4_000L);
        assertThat(rows).allMatch(StreamRow::wellFormed);
        return now;
    }

    /** Prints one line of figures. */
    private static void report(TestDatabase target, String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[streaming] %-10s ", target.displayName())
                + String.format(Locale.ROOT, format, args));
    }
}
