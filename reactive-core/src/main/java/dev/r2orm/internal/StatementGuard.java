package dev.r2orm.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Fails a statement whose database keeps its subscriber waiting: while rows are owed (requested and not yet
 * delivered), or before the statement's first answer, each wait is bounded by the timeout. A subscriber that requests
 * nothing is never timed out: holding rows back is its right. One coarse timer per statement ({@link Deadlines}),
 * re-armed lazily; a row costs a clock read and an atomic decrement.
 *
 * <p>When the timeout runs out, the statement's subscription is cancelled, {@code onTimeout} runs (it closes the
 * connection, whose state is unknown), and the subscriber gets the error. Signals are serialised with the timer: an
 * element being delivered is progress, so the timer never fires while one is in flight.
 */
final class StatementGuard<T> implements CoreSubscriber<T>, Subscription, Runnable {

    private static final int IDLE = 0;
    private static final int EMITTING = 1;
    private static final int DONE = 2;

    /** Reactor's context key for a hook on errors dropped after cancellation. */
    private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");
    private static final Consumer<Throwable> LATE_ERROR =
            e -> LOG.debug("an error of a connection after its statement was given up", e);

    private final CoreSubscriber<? super T> actual;
    private @Nullable Context context;
    private final long timeoutNanos;
    private final Supplier<Throwable> error;
    private final Runnable onTimeout;
    private final @Nullable Progress progress;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong owed = new AtomicLong();
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean answered;
    private volatile Deadlines.@Nullable Wait timer;
    private @Nullable Subscription upstream;

    private StatementGuard(CoreSubscriber<? super T> actual, Duration timeout, Supplier<Throwable> error,
            Runnable onTimeout, @Nullable Progress progress) {
        this.actual = actual;
        this.progress = progress;
        this.timeoutNanos = timeout.toNanos();
        this.error = error;
        this.onTimeout = onTimeout;
    }

    /**
     * Guards a statement's signals.
     *
     * @param source the statement's elements
     * @param timeout the longest wait for the first answer and, while rows are owed, for each
     * @param error makes the error signalled on timeout
     * @param onTimeout run once on timeout, after the statement was cancelled and before the error is signalled
     * @param progress progress the statement makes besides its elements (rows a bulk load sent), or null
     * @param <T> the element type
     * @return the guarded elements
     */
    static <T> Flux<T> guard(Flux<T> source, Duration timeout, Supplier<Throwable> error, Runnable onTimeout,
            @Nullable Progress progress) {
        return Flux.from(subscriber -> source.subscribe(new StatementGuard<T>(Operators.toCoreSubscriber(subscriber),
                timeout, error, onTimeout, progress)));
    }

    /** Progress reported from outside the statement's elements: each tick restarts the wait. */
    static final class Progress implements Runnable {
        private volatile long at = System.nanoTime();

        @Override
        public void run() {
            at = System.nanoTime();
        }
    }

    /**
     * The subscriber's context, where a driver's error that comes after the statement was timed out or cancelled is
     * logged at debug (category {@code dev.r2orm.pool}) rather than by Reactor at ERROR: the connection was given up
     * already, and its caller has had its answer.
     */
    @Override
    public Context currentContext() {
        Context c = context;
        if (c == null) {
            c = actual.currentContext();
            if (!c.hasKey(ON_ERROR_DROPPED)) {
                c = c.put(ON_ERROR_DROPPED, LATE_ERROR);
            }
            context = c;
        }
        return c;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(upstream, s)) {
            upstream = s;
            lastProgress = System.nanoTime();
            arm(timeoutNanos);
            actual.onSubscribe(this);
        }
    }

    @Override
    public void onNext(T t) {
        if (!state.compareAndSet(IDLE, EMITTING)) {
            Operators.onDiscard(t, actual.currentContext());
            return;
        }
        answered = true;
        lastProgress = System.nanoTime();
        if (owed.get() != Long.MAX_VALUE) {
            owed.decrementAndGet();
        }
        actual.onNext(t);
        state.compareAndSet(EMITTING, IDLE); // fails only when cancelled meanwhile
    }

    @Override
    public void onError(Throwable t) {
        if (finish()) {
            actual.onError(t);
        } else {
            Operators.onErrorDropped(t, actual.currentContext());
        }
    }

    @Override
    public void onComplete() {
        if (finish()) {
            actual.onComplete();
        }
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            long before = owed.getAndAccumulate(n, Operators::addCap);
            if (before == 0) {
                lastProgress = System.nanoTime(); // the wait for these rows starts now
            }
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }
    }

    @Override
    public void cancel() {
        if (state.getAndSet(DONE) != DONE) {
            disarm();
        }
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }

    /** The timer: fires when the wait has run out, otherwise re-arms for the rest of it. */
    @Override
    public void run() {
        if (state.get() == DONE) {
            return;
        }
        long last = lastProgress;
        Progress p = progress;
        if (p != null && p.at - last > 0) {
            last = p.at;
        }
        long waited = System.nanoTime() - last;
        boolean waiting = !answered || owed.get() > 0;
        if (!waiting || waited < timeoutNanos) {
            arm(waiting ? timeoutNanos - waited : timeoutNanos);
            return;
        }
        if (!state.compareAndSet(IDLE, DONE)) {
            if (state.get() == EMITTING) {
                arm(timeoutNanos); // a row is being delivered: that is progress
            }
            return;
        }
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        Throwable e = error.get();
        try {
            onTimeout.run();
        } catch (RuntimeException x) {
            e.addSuppressed(x);
        }
        actual.onError(e);
    }

    private boolean finish() {
        int s;
        do {
            s = state.get();
            if (s == DONE) {
                return false;
            }
        } while (!state.compareAndSet(s, DONE));
        disarm();
        return true;
    }

    private void arm(long delayNanos) {
        Deadlines.Wait next = Deadlines.arm(this, Math.max(delayNanos, 1_000_000L));
        timer = next;
        if (state.get() == DONE) {
            next.cancel();
        }
    }

    private void disarm() {
        Deadlines.Wait t = timer;
        if (t != null) {
            t.cancel();
        }
    }
}
