package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open transaction: its connection, whether it has ended, and the counter that names its savepoints. Travels in
 * the Reactor context of the work that runs in it.
 */
public final class TxState {

    private final Connection connection;
    private final AtomicInteger savepoints = new AtomicInteger();
    private final java.util.Set<java.util.concurrent.CompletableFuture<?>> writes =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<reactor.core.publisher.Mono<Void>> barrier =
            new java.util.concurrent.atomic.AtomicReference<>(reactor.core.publisher.Mono.empty());

    TxState(Connection connection) {
        this.connection = connection;
    }

    /** @return the transaction's connection */
    public Connection connection() {
        return connection;
    }

    /** @return whether the transaction was committed or rolled back */
    public boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** @return true the first time: the caller rolls back and releases this transaction nobody will see */
    boolean abandon() {
        return abandoned.compareAndSet(false, true);
    }

    /**
     * Runs a write on the transaction's connection so that a cancel only stops its result: the statement itself
     * completes, and {@link #writesDone()} waits for it. A rollback that raced a cancelled write could otherwise
     * reach the server first and leave the write behind, committed on its own.
     *
     * @param write the write, subscribed now
     * @param scopeCancelled whether the savepoint the write belongs to was cancelled (then it does not start)
     * @param <R> the element type
     * @return the write's elements, once it completed
     */
    <R> reactor.core.publisher.Mono<java.util.List<R>> shielded(reactor.core.publisher.Flux<R> write,
            java.util.function.BooleanSupplier scopeCancelled) {
        return reactor.core.publisher.Mono.defer(() -> {
            java.util.concurrent.CompletableFuture<java.util.List<R>> f = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            reactor.core.publisher.Mono<Void> wait;
            // registered before it starts, and refused once the transaction ends: an end either sees it or it never
            // runs. A cleanup registered after it waits for it; one registered before runs first, and a write
            // cancelled meanwhile does not start.
            synchronized (this) {
                writes.add(f);
                wait = barrier.get();
            }
            f.whenComplete((v, e) -> writes.remove(f));
            if (closed) {
                f.completeExceptionally(new dev.r2orm.TransactionClosedException(
                        "the transaction was already committed or rolled back; start a new one"));
            } else {
                Runnable start = () -> {
                    if (cancelled.get() || scopeCancelled.getAsBoolean()) {
                        f.complete(java.util.List.of());
                    } else {
                        write.collectList().subscribe(f::complete, f::completeExceptionally);
                    }
                };
                wait.subscribe(null, e -> start.run(), start);
            }
            return reactor.core.publisher.Mono.fromFuture(f, true).doOnCancel(() -> cancelled.set(true));
        });
    }

    /**
     * Cleanup that later statements of the transaction must wait for: a savepoint rolled back because its work was
     * cancelled runs while the caller's pipeline already goes on. It runs once the writes started before it finished.
     *
     * @param cleanup the cleanup
     * @return the cleanup, run once, for the caller to subscribe to as well
     */
    synchronized reactor.core.publisher.Mono<Void> before(reactor.core.publisher.Mono<Void> cleanup) {
        reactor.core.publisher.Mono<Void> started = reactor.core.publisher.Mono.fromFuture(
                java.util.concurrent.CompletableFuture.allOf(
                        writes.toArray(java.util.concurrent.CompletableFuture[]::new)), true)
                .onErrorResume(e -> reactor.core.publisher.Mono.empty());
        reactor.core.publisher.Mono<Void> once = started.then(cleanup).cache();
        barrier.updateAndGet(previous -> previous.then(once.onErrorResume(e -> reactor.core.publisher.Mono.empty()))
                .cache());
        return once;
    }

    /** @return completes when the cleanups registered so far have run */
    reactor.core.publisher.Mono<Void> barrier() {
        return barrier.get();
    }

    /** @return completes (never errors) when every write started so far has finished */
    reactor.core.publisher.Mono<Void> writesDone() {
        return reactor.core.publisher.Mono.defer(() -> reactor.core.publisher.Mono.fromFuture(
                java.util.concurrent.CompletableFuture.allOf(
                        writes.toArray(java.util.concurrent.CompletableFuture[]::new)))
                .onErrorResume(e -> reactor.core.publisher.Mono.empty()));
    }

    /** @return a savepoint name unique in this transaction */
    String nextSavepoint() {
        return "r2orm_sp_" + savepoints.incrementAndGet();
    }
}
