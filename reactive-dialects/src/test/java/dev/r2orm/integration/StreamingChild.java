package dev.r2orm.integration;

import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Table;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM that {@link StreamingIntegrationTests} forks with a small heap: it opens a database by URL and reads the
 * whole {@link StreamRow} table through {@code db.model(StreamRow.class).find()}, then prints one line starting with
 * {@link #FIGURES} made of {@code key=value} pairs.
 *
 * <p>Arguments: {@code stream|collect <url> <expected rows> <expected sum of ids>}. {@code stream} iterates the rows on
 * the main thread, checking each payload, with a consumer slower than the database: it sleeps every
 * {@link #PAUSE_EVERY} rows, while the driver's threads stay free to read ahead if nothing held them back.
 * {@code collect} gathers the whole result into one list, which a heap too small for the result cannot do.
 * The exit code is 0 when the figures match the expected ones, 1 when they do not, 2 on any other failure; a JVM run
 * with {@code -XX:+ExitOnOutOfMemoryError} exits with 3 when the heap is exhausted.
 */
final class StreamingChild {

    /** The start of the line of figures. */
    static final String FIGURES = "r2orm-streaming-figures";
    /**
     * The consumer sleeps 1 ms every this many rows: under ~90,000 rows/s, while a fresh JVM read this table
     * unthrottled at ~90,000 (H2 file), ~110,000 (PostgreSQL) and ~140,000 (MariaDB) rows/s, two to four times as fast
     * once warm.
     */
    static final int PAUSE_EVERY = 100;

    private static final Duration COLLECT_TIMEOUT = Duration.ofMinutes(5);

    private StreamingChild() {
    }

    /** The rows streamed: a payload of {@link #PAYLOAD} characters, {@code x}s followed by the row's id. */
    @Table("stream_rows")
    static class StreamRow {
        /** The payload's length. */
        static final int PAYLOAD = 300;

        Long id;
        @Column(size = PAYLOAD, notNull = true)
        String payload;

        /** @return whether the payload is the one the fill wrote for this id */
        boolean wellFormed() {
            return payload != null && payload.length() == PAYLOAD && payload.endsWith(Long.toString(id))
                    && payload.charAt(0) == 'x';
        }
    }

    /**
     * Streams or collects the table and prints the figures.
     *
     * @param args {@code stream|collect <url> <expected rows> <expected sum of ids>}
     */
    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args[0], args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
        } catch (Throwable e) {
            e.printStackTrace();
            exit = 2;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static int run(String mode, String url, long expectedRows, long expectedIdSum) throws Exception {
        PeakHeap peak = PeakHeap.start();
        long rows = 0;
        long idSum = 0;
        long malformed = 0;
        long firstRow = 0;
        long midStream = 0;
        long start;
        long elapsed;
        long atEnd;
        try (Db db = Db.open(url)) {
            start = System.nanoTime();
            if (mode.equals("collect")) {
                List<StreamRow> all = db.model(StreamRow.class).find().collectList().block(COLLECT_TIMEOUT);
                for (StreamRow r : all) {
                    rows++;
                    idSum += r.id;
                }
            } else {
                for (StreamRow r : db.model(StreamRow.class).find().toIterable(256)) {
                    if (rows++ == 0) {
                        firstRow = System.nanoTime() - start;
                    }
                    idSum += r.id;
                    if (!r.wellFormed()) {
                        malformed++;
                    }
                    if (rows == expectedRows / 2) {
                        midStream = usedAfterGc(); // what the open stream holds: driver, pool and r2orm together
                    }
                    if (rows % PAUSE_EVERY == 0) {
                        Thread.sleep(1);
                    }
                }
            }
            elapsed = System.nanoTime() - start;
            peak.stop();
            atEnd = usedAfterGc();
        }
        long millis = Math.max(1, elapsed / 1_000_000);
        System.out.println(FIGURES + " mode=" + mode + " rows=" + rows + " idSum=" + idSum + " malformed=" + malformed
                + " elapsedMs=" + millis + " rowsPerSec=" + rows * 1000 / millis + " firstRowMs=" + firstRow / 1_000_000
                + " peakUsedKb=" + peak.used.get() / 1024 + " midStreamAfterGcKb=" + midStream / 1024
                + " endAfterGcKb=" + atEnd / 1024 + " maxHeapKb=" + Runtime.getRuntime().maxMemory() / 1024);
        return rows == expectedRows && idSum == expectedIdSum && malformed == 0 ? 0 : 1;
    }

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The peak of used heap (garbage included), sampled every millisecond on a daemon thread. */
    private static final class PeakHeap {
        final AtomicLong used = new AtomicLong();
        private volatile boolean running = true;

        static PeakHeap start() {
            PeakHeap p = new PeakHeap();
            Thread sampler = new Thread(() -> {
                while (p.running) {
                    p.used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            return p;
        }

        void stop() {
            running = false;
        }
    }
}
