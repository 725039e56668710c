package dev.r2orm.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A query's rows on a transaction's connection, passed on as they are requested until another statement of the same
 * transaction starts; then the rest of the result is read at once into memory, so that the connection is free for
 * that statement. Without it, {@code tx.model(A.class).find().concatMap(a -> tx.model(B.class)...count())} waits
 * forever: the count waits for the connection, the connection for the rows, the rows for the count.
 */
final class SpillableStream {

    private SpillableStream() {
    }

    /**
     * Wraps a query's rows.
     *
     * @param rows the rows, not yet subscribed
     * @param tx the transaction whose connection runs the query
     * @param <T> the row type
     * @return the same rows, spilled to memory when the transaction needs its connection
     */
    static <T> Flux<T> wrap(Flux<T> rows, TxState tx) {
        return new Flux<T>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                rows.subscribe(new Spill<>(actual, tx));
            }
        };
    }

    /** Passes rows on as requested, or reads them all ahead once spilled. */
    static final class Spill<T> implements CoreSubscriber<T>, Subscription {
        private final CoreSubscriber<? super T> actual;
        private final TxState tx;
        private final Queue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean spilled = new AtomicBoolean();
        private volatile @Nullable Subscription upstream;
        private volatile boolean done;
        private volatile boolean cancelled;
        private @Nullable Throwable error;

        Spill(CoreSubscriber<? super T> actual, TxState tx) {
            this.actual = actual;
            this.tx = tx;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                tx.streaming(this);
                actual.onSubscribe(this);
            }
        }

        /** Reads the rest of the result ahead of demand: another statement needs the connection. */
        void spill() {
            Subscription s = upstream;
            if (s != null && !done && spilled.compareAndSet(false, true)) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(T t) {
            queue.offer(t);
            drain();
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done = true;
            tx.streamEnded(this);
            drain();
        }

        @Override
        public void onComplete() {
            done = true;
            tx.streamEnded(this);
            drain();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested.getAndUpdate(r -> Operators.addCap(r, n));
                Subscription s = upstream;
                if (!spilled.get() && s != null) {
                    s.request(n);
                }
                drain();
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                tx.streamEnded(this);
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
                if (wip.getAndIncrement() == 0) {
                    queue.clear();
                }
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                long r = requested.get();
                long e = 0;
                while (e != r) {
                    if (cancelled) {
                        queue.clear();
                        return;
                    }
                    boolean d = done;
                    T v = queue.poll();
                    if (v == null) {
                        if (d) {
                            terminate();
                            return;
                        }
                        break;
                    }
                    actual.onNext(v);
                    e++;
                }
                if (cancelled) {
                    queue.clear();
                    return;
                }
                if (done && queue.isEmpty()) {
                    terminate();
                    return;
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    requested.addAndGet(-e);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void terminate() {
            cancelled = true;
            Throwable e = error;
            if (e != null) {
                actual.onError(e);
            } else {
                actual.onComplete();
            }
        }
    }
}
