package dev.r2orm.internal;

import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Signal;
import reactor.util.context.ContextView;

/**
 * Times one statement and reports it to the logger once, when it completes, fails or is cancelled.
 *
 * <p>The time reported is the statement's own: from subscription to the end, leaving out every period during which
 * its subscriber held rows back, that is from a row that used up the subscriber's demand until the subscriber
 * requested more. A stream read slowly by its subscriber therefore reports about the time the database and the driver
 * took to produce its rows, and is not logged as slow for the subscriber's sake; a statement that keeps a subscriber
 * with demand waiting is. With unbounded demand (a write, a {@code collectList()}) it is the time to the end.
 */
final class StatementTrace<R> extends AtomicBoolean implements Consumer<Signal<R>>, LongConsumer, Runnable {

    private final Logger logger;
    private final Sql sql;
    private final ContextView ctx;
    private final ToLongFunction<R> weight;
    private final boolean control;
    private final long start = System.nanoTime();
    private long rows; // signals are serial: no two threads update it at once
    private volatile boolean unbounded;
    private long demand; // the rest guarded by this: requests and rows may come on two threads
    private boolean holding;
    private long heldSince;
    private long held;

    private StatementTrace(Logger logger, Sql sql, ContextView ctx, ToLongFunction<R> weight, boolean control) {
        this.logger = logger;
        this.sql = sql;
        this.ctx = ctx;
        this.weight = weight;
        this.control = control;
    }

    /**
     * Reports a statement to {@link Logger#trace} when it ends.
     *
     * @param logger the logger
     * @param sql the statement
     * @param flux its elements
     * @param weight the rows an element stands for
     * @param <R> the element type
     * @return the elements, traced
     */
    static <R> Flux<R> statement(Logger logger, Sql sql, Flux<R> flux, ToLongFunction<R> weight) {
        return Flux.deferContextual(ctx -> {
            StatementTrace<R> trace = new StatementTrace<>(logger, sql, ctx, weight, false);
            return flux.doOnEach(trace).doOnRequest(trace).doOnCancel(trace);
        });
    }

    /**
     * Reports a transaction statement to {@link Logger#transaction} when it ends.
     *
     * @param logger the logger
     * @param sql the statement ({@code BEGIN}, {@code COMMIT}, ...)
     * @param action the driver's action
     * @return the action, traced
     */
    static Mono<Void> transaction(Logger logger, Sql sql, Mono<Void> action) {
        return Mono.deferContextual(ctx -> {
            StatementTrace<Void> trace = new StatementTrace<>(logger, sql, ctx, v -> 0L, true);
            return action.doOnEach(trace).doOnCancel(trace);
        });
    }

    /** A request from the subscriber: ends a hold. */
    @Override
    public void accept(long n) {
        if (unbounded) {
            return;
        }
        synchronized (this) {
            demand = Operators.addCap(demand, n);
            unbounded = demand == Long.MAX_VALUE;
            if (holding) {
                held += System.nanoTime() - heldSince;
                holding = false;
            }
        }
    }

    @Override
    public void accept(Signal<R> signal) {
        if (signal.isOnNext()) {
            rows += weight.applyAsLong(Objects.requireNonNull(signal.get()));
            if (!unbounded) {
                synchronized (this) {
                    if (demand != Long.MAX_VALUE && demand > 0 && --demand == 0) {
                        holding = true;
                        heldSince = System.nanoTime();
                    }
                }
            }
        } else if ((signal.isOnComplete() || signal.isOnError()) && compareAndSet(false, true)) {
            report(rows, signal.getThrowable());
        }
    }

    /** A cancel: reported with -1 rows. */
    @Override
    public void run() {
        if (compareAndSet(false, true)) {
            report(-1, null);
        }
    }

    private void report(long count, @Nullable Throwable error) {
        Duration elapsed = elapsed();
        if (control) {
            logger.transaction(sql, elapsed, error, ctx);
        } else {
            logger.trace(sql, elapsed, count, error, ctx);
        }
    }

    private synchronized Duration elapsed() {
        long now = System.nanoTime();
        return Duration.ofNanos(Math.max(0, now - start - held - (holding ? now - heldSince : 0)));
    }
}
