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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What a forked benchmark JVM reports besides JMH's scores: operations run, statements and COPYs the
 * {@link Counting} factory saw, the largest heap left after a garbage collection, and the process's CPU time over the
 * measured iterations (warm-up left out) with the operations run in them. Written at the end of the trial to the file
 * named by {@code -Dr2orm.bench.stats}, as properties; the runner reads it.
 */
final class ForkStats {

    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
    private static final AtomicLong COLLECTIONS = new AtomicLong();
    private static final Set<String> HEAP_POOLS = new HashSet<>();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static volatile long ops;
    private static volatile long cpuAtStart = -1;
    private static volatile long opsAtStart;
    private static volatile long measuredCpu;
    private static volatile long measuredOps;
    private static boolean listening;

    private ForkStats() {
    }

    /** Starts counting: called at the end of a trial's set-up, so set-up work is left out. */
    static synchronized void start() {
        Counting.reset();
        ops = 0;
        cpuAtStart = -1;
        measuredCpu = 0;
        measuredOps = 0;
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

    /**
     * Starts the CPU clock when a measured iteration begins; called last by the benchmark's iteration set-up.
     *
     * @param iteration JMH's iteration, warm-up or measurement
     */
    static void iterationStarts(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            opsAtStart = ops;
            cpuAtStart = OS.getProcessCpuTime();
        }
    }

    /**
     * Stops the CPU clock when a measured iteration ends; called first by the benchmark's iteration tear-down.
     *
     * @param iteration JMH's iteration, warm-up or measurement
     */
    static void iterationEnds(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT && cpuAtStart >= 0) {
            measuredCpu += OS.getProcessCpuTime() - cpuAtStart;
            measuredOps += ops - opsAtStart;
            cpuAtStart = -1;
        }
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
                + "\nmaxHeap=" + maxHeap + "\nmeasuredCpuNanos=" + measuredCpu + "\nmeasuredOps=" + measuredOps + "\n";
        try {
            Files.writeString(Path.of(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
