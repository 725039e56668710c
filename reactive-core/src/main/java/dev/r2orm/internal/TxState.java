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

    /**
     * Runs a write on the transaction's connection so that a cancel only stops its result: the statement itself
     * completes, and {@link #writesDone()} waits for it. A rollback that raced a cancelled write could otherwise
     * reach the server first and leave the write behind, committed on its own.
     *
     * @param write the write, subscribed now
     * @param <R> the element type
     * @return the write's elements, once it completed
     */
    <R> reactor.core.publisher.Mono<java.util.List<R>> shielded(reactor.core.publisher.Flux<R> write) {
        return reactor.core.publisher.Mono.fromFuture(() -> {
            java.util.concurrent.CompletableFuture<java.util.List<R>> f = write.collectList().toFuture();
            writes.add(f);
            f.whenComplete((v, e) -> writes.remove(f));
            return f;
        }, true);
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
