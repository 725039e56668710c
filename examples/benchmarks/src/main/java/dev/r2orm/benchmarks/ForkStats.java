package dev.r2orm.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What a forked benchmark JVM reports besides JMH's scores: operations run, statements and COPYs the
 * {@link Counting} factory saw, and the largest heap left after a garbage collection. Written at the end of the
 * trial to the file named by {@code -Dr2orm.bench.stats}, as properties; the runner reads it.
 */
final class ForkStats {

    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
    private static final AtomicLong COLLECTIONS = new AtomicLong();
    private static final Set<String> HEAP_POOLS = new HashSet<>();
    private static long ops;
    private static boolean listening;

    private ForkStats() {
    }

    /** Starts counting: called at the end of a trial's set-up, so set-up work is left out. */
    static synchronized void start() {
        Counting.reset();
        ops = 0;
        PEAK_AFTER_GC.set(0);
        COLLECTIONS.set(0);
        if (!listening) {
            listening = true;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    HEAP_POOLS.add(pool.getName());
                }
            }
            NotificationListener listener = (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (HEAP_POOLS.contains(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                COLLECTIONS.incrementAndGet();
                PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                }
            }
        }
    }

    /**
     * Counts one benchmark operation; called from the benchmark thread only.
     *
     * @param value the operation's result
     * @return the value
     */
    static long op(long value) {
        ops++;
        return value;
    }

    /** Writes the figures to the file named by {@code -Dr2orm.bench.stats}, when set. */
    static synchronized void finish() {
        String file = System.getProperty("r2orm.bench.stats");
        if (file == null) {
            return;
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        String text = "ops=" + ops + "\nstatements=" + Counting.statements() + "\ncopies=" + Counting.copies()
                + "\npeakHeapAfterGc=" + PEAK_AFTER_GC.get() + "\ncollections=" + COLLECTIONS.get()
                + "\nmaxHeap=" + maxHeap + "\n";
        try {
            Files.writeString(Path.of(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
