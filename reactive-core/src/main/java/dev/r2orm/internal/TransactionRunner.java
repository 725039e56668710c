package dev.r2orm.internal;

import dev.r2orm.R2ormException;
import dev.r2orm.TransactionClosedException;
import dev.r2orm.TxOptions;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Begins, ends and nests transactions for an {@link Executor}: a transaction of its own (commit on complete, rollback
 * on error and cancel, retries), savepoints inside an open one, and the clean-up rules they share (the caller's error
 * wins over a failed rollback; a transaction nobody will see is rolled back and released). Statements go through the
 * executor, which logs, times and translates them.
 */
final class TransactionRunner {

    /** Clean-ups nobody waits for report their failures here, at debug. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");

    private final Executor executor;
    private final Logger logger;

    TransactionRunner(Executor executor, Logger logger) {
        this.executor = executor;
        this.logger = logger;
    }

    /**
     * Runs work in a transaction of its own: takes a connection, begins, runs the work with the transaction in its
     * Reactor context (and shown to Spring code), commits when the work completes, rolls back when it fails or is
     * cancelled, then releases the connection; re-runs it on retryable errors when {@code options} allow.
     *
     * @param options isolation, read-only and retries
     * @param work the work
     * @param ctx the subscriber's context, for the cancel warning
     * @param <R> the element type
     * @return the work's elements; commit failures are translated like statement errors
     */
    <R> Flux<R> own(TxOptions options, Function<TxState, ? extends Publisher<R>> work, ContextView ctx) {
        Flux<R> once = Flux.defer(() -> {
            // a cancel that races with completion (next(), take(1) on the last element) must still roll back:
            // usingWhen may run its completion callback after the cancel was requested
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicLong delivered = new AtomicLong();
            return Flux.usingWhen(begin(options),
                    tx -> executor.bind(SpringTransactions.exposed(Flux.defer(() -> work.apply(tx)), tx,
                            executor.factory()), tx).doOnNext(x -> delivered.incrementAndGet()),
                    tx -> cancelled.get() ? cancelled(tx, delivered.get(), ctx)
                            : end(tx, tx.connection().commitTransaction(), "COMMIT"),
                    (tx, e) -> keepingError(end(tx, tx.connection().rollbackTransaction(), "ROLLBACK"), e),
                    tx -> cancelled(tx, delivered.get(), ctx))
                    .doOnCancel(() -> cancelled.set(true));
        }).onErrorMap(TransactionRunner::cleanupFailure, Throwable::getCause);
        if (options.retries() == 0) {
            return once;
        }
        // retryable: serialization failures, deadlocks, no connection, a connection lost before the COMMIT
        return once.retryWhen(reactor.util.retry.Retry.backoff(options.retries(), options.backoff())
                .filter(e -> e instanceof R2ormException && ((R2ormException) e).isRetryable())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /**
     * The rollback of a transaction whose subscriber cancelled. A subscriber that cancels after it received elements
     * ({@code next()}, {@code take(n)}, {@code Mono.from(flux)}) most likely meant to keep the work: that loses it
     * without an error, so it is logged at WARN with the way out.
     */
    private Mono<Void> cancelled(TxState tx, long delivered, ContextView ctx) {
        if (delivered > 0) {
            logger.warning("a transaction was rolled back because its subscriber cancelled after receiving " + delivered
                    + " element(s) (next(), take(n), Mono.from(flux) and elementAt cancel once they have the elements"
                    + " they need): its work is lost. To commit, wait for completion: transactionMono(...) for one"
                    + " value, or then(), last(), collectList() on the transaction's Flux.", ctx);
        }
        return keepingError(end(tx, tx.connection().rollbackTransaction(), "ROLLBACK"), null);
    }

    /**
     * A cleanup run after the work failed (or was cancelled): its own failure never replaces the work's error, to which
     * it is attached as suppressed (or, after a cancel, which nobody hears about, is dropped).
     */
    private static Mono<Void> keepingError(Mono<Void> cleanup, @Nullable Throwable error) {
        return cleanup.onErrorResume(x -> {
            if (error != null && x != error) {
                error.addSuppressed(x);
            }
            return Mono.empty();
        });
    }

    /**
     * Takes a connection and begins a transaction on it; the connection is closed if the begin fails. Cancelled
     * before the transaction was taken downstream, it gives up a borrow still queued in the pool, or else lets the
     * borrow and the BEGIN finish and then rolls back and releases the connection.
     *
     * @param options the transaction's options
     * @return the open transaction; errors with a translated {@code R2ormException} if BEGIN fails
     */
    Mono<TxState> begin(TxOptions options) {
        return Mono.<TxState>create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean delivered = new AtomicBoolean();
            AtomicReference<TxState> offered = new AtomicReference<>();
            // not a lambda subscriber: that one drops a connection that arrives just after its dispose
            BaseSubscriber<Connection> borrow = new BaseSubscriber<>() {
                @Override
                public reactor.util.context.Context currentContext() {
                    // the caller's context: a plugin's connection factory may choose by it
                    return reactor.util.context.Context.of(sink.contextView());
                }

                @Override
                protected void hookOnNext(Connection c) {
                    delivered.set(true);
                    if (cancelled.get()) {
                        ConnectionSource.closeInBackground(c, "a connection that arrived after its BEGIN was cancelled");
                        return;
                    }
                    executor.control(c, beginSql(options), c.beginTransaction(definition(options)))
                            .contextWrite(sink.contextView()).subscribe(null,
                            e -> Mono.from(c.close()).subscribe(null, x -> sink.error(executor.translate(e, "BEGIN")),
                                    () -> sink.error(executor.translate(e, "BEGIN"))),
                            () -> {
                                TxState tx = new TxState(c, options.readOnly());
                                if (cancelled.get()) {
                                    abandon(tx);
                                } else {
                                    // a cancel that comes before the downstream took it (it may not have requested
                                    // yet) drops it, or discards it (see below): either way it is abandoned
                                    offered.set(tx);
                                    sink.success(tx);
                                }
                            });
                }

                @Override
                protected void hookOnError(Throwable e) {
                    sink.error(e);
                }
            };
            sink.onCancel(() -> {
                cancelled.set(true);
                TxState dropped = offered.get();
                if (dropped != null) {
                    abandon(dropped);
                }
                if (!delivered.get() && waitingForThePool()) {
                    borrow.dispose(); // a borrow still waiting for the pool is given up
                }
            });
            executor.acquire().subscribe(borrow);
        }).doOnDiscard(TxState.class, this::abandon);
    }

    /**
     * Whether borrowers are queued for a pooled connection, so a borrow not yet served may be given up. A borrow the
     * pool is serving (validating, or opening a connection) is not cancelled: the pool can lose a connection handed
     * out to a borrow cancelled at that moment; it is taken and closed instead.
     */
    private boolean waitingForThePool() {
        return !(executor.factory() instanceof io.r2dbc.pool.ConnectionPool pool)
                || pool.getMetrics().map(m -> m.pendingAcquireSize() > 0).orElse(true);
    }

    /** Rolls back and releases a transaction nobody will see. */
    private void abandon(TxState tx) {
        if (!tx.abandon()) {
            return;
        }
        end(tx, rawRollback(tx.connection()), "ROLLBACK")
                .subscribe(null, e -> LOG.debug("rolling back a transaction nobody took failed", e));
    }

    /**
     * {@code ROLLBACK} sent as a statement: drivers skip {@code rollbackTransaction()} while they believe no
     * transaction is open, which is the case while a BEGIN is still in flight.
     */
    private static Publisher<Void> rawRollback(Connection c) {
        return Flux.from(c.createStatement("ROLLBACK").execute()).concatMap(r -> r.getRowsUpdated()).then()
                .onErrorResume(e -> Mono.from(c.rollbackTransaction()));
    }

    /**
     * Ends a transaction (commit or rollback) and releases its connection, whatever the outcome.
     *
     * @param tx the transaction
     * @param action the commit or rollback
     * @param what {@code "COMMIT"} or {@code "ROLLBACK"}, for the log and errors
     * @return completes when the connection is released; a cancel stops the waiting, not the end, which runs to the
     *     release
     */
    Mono<Void> end(TxState tx, Publisher<Void> action, String what) {
        return Mono.deferContextual(ctx -> {
            tx.close();
            Connection c = tx.connection();
            // a lost connection's writes may never end (nothing answers them); the server rolls them back anyway
            Mono<Void> before = Mono.defer(() -> tx.isLost() ? Mono.empty() : tx.writesDone().then(tx.barrier()));
            Mono<Void> ending = before.then(Mono.defer(() -> {
                if (tx.isLost()) {
                    // nothing can be sent on it, and its driver may wait for answers that never come
                    ConnectionSource.closeInBackground(c, "a transaction's connection that was lost");
                    return what.equals("COMMIT") ? Mono.error(Faults.lostBefore("COMMIT")) : Mono.empty();
                }
                return executor.control(c, what, action)
                        .onErrorResume(e -> {
                            Throwable error = executor.translate(e, what);
                            return Mono.from(ConnectionSource.release(c, error)).then(Mono.error(error));
                        })
                        .then(Mono.from(c.close()));
            }));
            // once begun, the end runs to its release whatever the subscriber does: a cancel stops only the waiting
            return Mono.fromFuture(ending.contextWrite(ctx).toFuture(), true);
        });
    }

    /**
     * Runs work in a savepoint of an open transaction.
     *
     * @param tx the transaction
     * @param work the work
     * @param <R> the element type
     * @return the work's elements
     */
    <R> Flux<R> savepoint(TxState tx, Function<TxState, ? extends Publisher<R>> work) {
        Connection c = tx.connection();
        Flux<R> savepoint = Flux.deferContextual(ctx -> {
            // A cancel can race the SAVEPOINT's completion so that the work still starts (usingWhen subscribes to
            // it after the cancel) and its cleanup comes late. So the cancel itself registers the rollback, which
            // the transaction's next statements wait for, and stops the work, which may not start afterwards.
            AtomicBoolean cancelled = new AtomicBoolean();
            BooleanSupplier outer = ctx.getOrDefault(Executor.ScopeKey.KEY, Executor.ScopeKey.OPEN);
            // a write of this savepoint (or of one inside it) about to start once it was cancelled does not start
            BooleanSupplier scope = () -> cancelled.get() || outer.getAsBoolean();
            Sinks.Empty<Void> stop = Sinks.empty();
            Undo undo = new Undo(tx);
            return Flux.usingWhen(
                Mono.defer(() -> {
                    if (tx.isClosed()) {
                        return Mono.error(new TransactionClosedException("the transaction was already committed or"
                                + " rolled back; a savepoint needs an open transaction"));
                    }
                    String name = tx.nextSavepoint();
                    tx.spillStreams();
                    Mono<Void> created = executor.control(c, "SAVEPOINT " + name, c.createSavepoint(name)).cache();
                    undo.prepare(created.onErrorResume(e -> Mono.empty()).then(rollbackTo(tx, name)));
                    return created.thenReturn(name);
                }),
                name -> cancelled.get() ? Flux.<R>empty()
                        : executor.bind(Flux.from(work.apply(tx)), tx).takeUntilOther(stop.asMono())
                                .contextWrite(inner -> inner.put(Executor.ScopeKey.KEY, scope)),
                name -> cancelled.get() ? undo.run()
                        : Mono.defer(() -> {
                            tx.spillStreams();
                            return executor.control(c, "RELEASE SAVEPOINT " + name, c.releaseSavepoint(name));
                        }),
                (name, e) -> keepingError(undo.run(), e),
                name -> undo.run())
                .doOnCancel(() -> {
                    cancelled.set(true);
                    stop.tryEmitEmpty();
                    undo.run().subscribe(null, e -> LOG.debug("rolling back a cancelled savepoint failed", e));
                });
        }).onErrorMap(TransactionRunner::cleanupFailure, Throwable::getCause);
        return Flux.from(subscriber -> tx.settingUp(() -> savepoint.subscribe(subscriber)));
    }

    private Mono<Void> rollbackTo(TxState tx, String savepoint) {
        return Mono.defer(() -> {
            tx.spillStreams();
            if (tx.isLost()) {
                return Mono.empty(); // the whole transaction is rolled back with its connection
            }
            return executor.control(tx.connection(), "ROLLBACK TO SAVEPOINT " + savepoint,
                    tx.connection().rollbackTransactionToSavepoint(savepoint));
        });
    }

    /**
     * Reactor reports a failed commit as "Async resource cleanup failed after onComplete" around the real error:
     * callers see the commit's own (translated, perhaps retryable) error instead.
     */
    private static boolean cleanupFailure(Throwable e) {
        return e.getClass() == RuntimeException.class && e.getCause() != null && e.getMessage() != null
                && e.getMessage().startsWith("Async resource cleanup failed");
    }

    private static io.r2dbc.spi.TransactionDefinition definition(TxOptions options) {
        return new io.r2dbc.spi.TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> @Nullable T getAttribute(io.r2dbc.spi.Option<T> option) {
                if (option.equals(io.r2dbc.spi.TransactionDefinition.ISOLATION_LEVEL)) {
                    return (T) options.isolation();
                }
                if (option.equals(io.r2dbc.spi.TransactionDefinition.READ_ONLY) && options.readOnly()) {
                    return (T) Boolean.TRUE;
                }
                return null;
            }
        };
    }

    private static String beginSql(TxOptions options) {
        StringBuilder sql = new StringBuilder("BEGIN");
        if (options.isolation() != null) {
            sql.append(" ISOLATION LEVEL ").append(options.isolation().asSql());
        }
        return options.readOnly() ? sql.append(" READ ONLY").toString() : sql.toString();
    }

    /** A savepoint's rollback, registered with its transaction (which later statements wait for) at most once. */
    private static final class Undo {
        private final TxState tx;
        private @Nullable Mono<Void> rollback;
        private @Nullable Mono<Void> registered;

        Undo(TxState tx) {
            this.tx = tx;
        }

        /** Called once the SAVEPOINT is sent: the rollback to it. */
        synchronized void prepare(Mono<Void> rollback) {
            this.rollback = rollback;
        }

        /** @return the rollback, registered on the first call; empty when no SAVEPOINT was sent */
        synchronized Mono<Void> run() {
            if (registered == null && rollback != null) {
                registered = tx.before(rollback);
            }
            return registered == null ? Mono.empty() : registered;
        }
    }
}
