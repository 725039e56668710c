package dev.r2orm.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * A coarse timer for the waits r2orm bounds on every statement and every borrow (statement and acquire timeouts),
 * which almost never run out. Arming one is a queue insert and cancelling it a flag, where a scheduled task per wait
 * would take a lock and wake a timer thread twice per statement. One periodic check on Reactor's parallel scheduler
 * runs every {@link #TICK_MILLIS} ms while a wait is armed and stops when none is, so a wait runs out up to one tick
 * late. A task that runs out runs on that scheduler's thread.
 */
final class Deadlines {

    /** How often armed waits are checked; a wait fires at most this much after its deadline. */
    static final long TICK_MILLIS = 10;

    private static final ConcurrentLinkedQueue<Wait> WAITS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean TICKING = new AtomicBoolean();
    private static volatile @Nullable Disposable ticker;

    private Deadlines() {
    }

    /**
     * Runs a task once a delay has passed, unless cancelled first.
     *
     * @param task what to run; it must not block
     * @param delayNanos the delay
     * @return the armed wait, to cancel
     */
    static Wait arm(Runnable task, long delayNanos) {
        Wait w = new Wait(task, System.nanoTime() + delayNanos);
        WAITS.add(w);
        if (!TICKING.get() && TICKING.compareAndSet(false, true)) {
            ticker = Schedulers.parallel().schedulePeriodically(Deadlines::tick, TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        return w;
    }

    private static void tick() {
        long now = System.nanoTime();
        for (Iterator<Wait> it = WAITS.iterator(); it.hasNext();) {
            Wait w = it.next();
            if (w.cancelled) {
                it.remove();
            } else if (now - w.deadline >= 0) {
                it.remove();
                if (!w.cancelled) {
                    w.cancelled = true;
                    w.task.run();
                }
            }
        }
        Disposable t = ticker;
        if (WAITS.isEmpty() && t != null) {
            ticker = null;
            t.dispose();
            TICKING.set(false);
            if (!WAITS.isEmpty() && TICKING.compareAndSet(false, true)) {
                ticker = Schedulers.parallel().schedulePeriodically(Deadlines::tick, TICK_MILLIS, TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** An armed wait. */
    static final class Wait {
        private final Runnable task;
        private final long deadline;
        private volatile boolean cancelled;

        private Wait(Runnable task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        /** Cancels the wait: its task will not run (unless it already started). */
        void cancel() {
            cancelled = true;
        }
    }
}
