package dev.r2orm.internal;

import dev.r2orm.TransactionClosedException;
import io.r2dbc.spi.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An open transaction: its connection, whether it has ended, and the counter that names its savepoints. Travels in
 * the Reactor context of the work that runs in it.
 */
public final class TxState {

    private final Connection connection;
    private final boolean readOnly;
    private final AtomicInteger savepoints = new AtomicInteger();
    private final Set<CompletableFuture<?>> writes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final Set<SpillableStream.Spill<?>> streams = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Void>> setups = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean lost;
    /** Cleanups later statements wait for; replaced under this object's lock. */
    private volatile Mono<Void> barrier = Mono.empty();

    TxState(Connection connection, boolean readOnly) {
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** @return the transaction's connection */
    public Connection connection() {
        return connection;
    }

    /** @return whether the transaction is read-only: writes in it are refused */
    public boolean isReadOnly() {
        return readOnly;
    }


    /** @return whether the transaction was committed or rolled back */
    public boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /**
     * @return whether the connection broke under one of the transaction's statements (lost, or closed after a
     *     timeout): the server has rolled the transaction back or will, and nothing more can be sent on it
     */
    boolean isLost() {
        return lost;
    }

    /** The connection broke under one of the transaction's statements. */
    void lost() {
        lost = true;
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
    <R> Mono<List<R>> shielded(Flux<R> write, BooleanSupplier scopeCancelled) {
        return setupsDone().then(Mono.defer(() -> {
            CompletableFuture<List<R>> f = new CompletableFuture<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            Mono<Void> wait;
            // registered before it starts, and refused once the transaction ends: an end either sees it or it never
            // runs. A cleanup registered after it waits for it; one registered before runs first, and a write
            // cancelled meanwhile does not start.
            synchronized (this) {
                writes.add(f);
                wait = barrier;
            }
            f.whenComplete((v, e) -> writes.remove(f));
            if (closed) {
                f.completeExceptionally(new TransactionClosedException(
                        "the transaction was already committed or rolled back; start a new one"));
            } else {
                Runnable start = () -> {
                    if (cancelled.get() || scopeCancelled.getAsBoolean()) {
                        f.complete(List.of());
                    } else {
                        write.collectList().subscribe(f::complete, f::completeExceptionally);
                    }
                };
                wait.subscribe(null, e -> start.run(), start);
            }
            return Mono.fromFuture(f, true).doOnCancel(() -> cancelled.set(true));
        }));
    }

    /**
     * Marks a savepoint whose subscription is being set up, until {@code setUp} returns. A cancel that reaches a
     * savepoint during its set-up is held back by Reactor until the set-up ends, while the canceller may already have
     * signalled its error downstream, where the transaction's next statement starts; that statement waits for the
     * set-up (see {@link #setupsDone()}), so it comes after the savepoint's rollback, which the cancel registers.
     *
     * @param setUp subscribes the savepoint
     */
    void settingUp(Runnable setUp) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        setups.add(f);
        try {
            setUp.run();
        } finally {
            setups.remove(f);
            f.complete(null);
        }
    }

    /** @return completes when the savepoints being set up now have been (at once when none is) */
    Mono<Void> setupsDone() {
        return Mono.defer(() -> setups.isEmpty() ? Mono.empty()
                : Mono.fromFuture(CompletableFuture.allOf(setups.toArray(CompletableFuture[]::new)), true));
    }

    /**
     * Cleanup that later statements of the transaction must wait for: a savepoint rolled back because its work was
     * cancelled runs while the caller's pipeline already goes on. It runs once the writes started before it finished.
     *
     * @param cleanup the cleanup
     * @return the cleanup, run once, for the caller to subscribe to as well
     */
    synchronized Mono<Void> before(Mono<Void> cleanup) {
        Mono<Void> once = writesSoFar().then(cleanup).cache();
        barrier = barrier.then(once.onErrorResume(e -> Mono.empty())).cache();
        return once;
    }

    /**
     * @return completes when the savepoints being set up have been and the cleanups registered by then (those the
     *     set-ups registered included) have run
     */
    Mono<Void> barrier() {
        return setups.isEmpty() ? barrier : setupsDone().then(Mono.defer(() -> barrier));
    }

    /** @return completes (never errors) when every write started before its subscription has finished */
    Mono<Void> writesDone() {
        return Mono.defer(this::writesSoFar);
    }

    /** The writes registered now, whatever comes later. */
    private Mono<Void> writesSoFar() {
        return Mono.fromFuture(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)), true)
                .onErrorResume(e -> Mono.empty());
    }

    /** A query's rows started streaming on the connection. */
    void streaming(SpillableStream.Spill<?> stream) {
        streams.add(stream);
    }

    /** A query's rows ended: completed, failed or cancelled. */
    void streamEnded(SpillableStream.Spill<?> stream) {
        streams.remove(stream);
    }

    /** Another statement starts: the queries still streaming read the rest of their rows ahead. */
    void spillStreams() {
        for (SpillableStream.Spill<?> s : streams) {
            s.spill();
        }
    }

    /** @return a savepoint name unique in this transaction */
    String nextSavepoint() {
        return "r2orm_sp_" + savepoints.incrementAndGet();
    }
}
