package dev.r2orm.internal;

import dev.r2orm.R2ormException;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs statements on pooled connections: acquires and releases connections (on complete, error and cancel), joins
 * the transaction found in the Reactor context, binds values, logs, and translates driver errors through the dialect.
 * One per {@code Db}; shared by its sessions.
 */
public final class Executor {

    private final ConnectionFactory factory;
    private final Logger logger;
    private final Duration acquireTimeout;
    private final TxKey txKey = new TxKey();
    private volatile Dialect dialect;
    private volatile boolean refined;

    /**
     * Creates an executor.
     *
     * @param factory the (pooled) connection factory
     * @param dialect the dialect, refined on the first connection
     * @param logger the SQL logger
     * @param acquireTimeout the pool's acquire timeout, for error messages
     */
    public Executor(ConnectionFactory factory, Dialect dialect, Logger logger, Duration acquireTimeout) {
        this.factory = factory;
        this.dialect = dialect;
        this.logger = logger;
        this.acquireTimeout = acquireTimeout;
    }

    /** @return the dialect; after the first connection, the one refined by the server's version */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the connection factory */
    public ConnectionFactory factory() {
        return factory;
    }

    /**
     * Runs work on the transaction's connection when the subscriber's context holds one of this executor's
     * transactions; otherwise on a connection of its own, released when the work completes, fails or is cancelled.
     *
     * @param work the work; it must finish (or be cancelled) before the connection is used again
     * @param <R> the element type
     * @return the work's elements
     */
    public <R> Flux<R> withConnection(Function<? super Connection, ? extends Publisher<R>> work) {
        return Flux.deferContextual(ctx -> {
            Connection tx = ctx.getOrDefault(txKey, null);
            if (tx != null) {
                return Flux.from(work.apply(tx));
            }
            return Flux.usingWhen(acquire(), work, Connection::close, (c, e) -> c.close(), Connection::close);
        });
    }

    /**
     * Runs a body inside one transaction: the connection is put in the body's Reactor context so every statement of
     * the body joins it. Commits when the body completes, rolls back when it fails or is cancelled. Joins an
     * enclosing transaction instead when there is one.
     *
     * @param body the work
     * @param <R> the element type
     * @return the body's elements
     */
    public <R> Flux<R> inTransaction(Flux<R> body) {
        return Flux.deferContextual(ctx -> {
            if (ctx.hasKey(txKey)) {
                return body;
            }
            return Flux.usingWhen(acquire(),
                    c -> Flux.usingWhen(Mono.from(c.beginTransaction()).thenReturn(c),
                            tx -> body.contextWrite(inner -> inner.put(txKey, tx)),
                            tx -> tx.commitTransaction(),
                            (tx, e) -> tx.rollbackTransaction(),
                            tx -> tx.rollbackTransaction()),
                    Connection::close, (c, e) -> c.close(), Connection::close);
        });
    }

    private Mono<Connection> acquire() {
        return Mono.<Connection>from(factory.create())
                .onErrorMap(R2dbcTimeoutException.class, e -> new R2ormException(
                        "could not get a database connection within " + acquireTimeout
                                + ": the pool is exhausted or the server does not answer", e))
                .doOnNext(c -> {
                    if (!refined) {
                        dialect = dialect.refine(c.getMetadata());
                        refined = true;
                    }
                });
    }

    /**
     * Executes a query on a connection and maps every row, logging once when the result ends.
     *
     * @param connection the connection
     * @param sql the statement
     * @param mapper maps a row; called on the driver's thread
     * @param <R> the mapped type
     * @return the mapped rows, streamed as requested
     */
    public <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper) {
        return logged(sql, Flux.defer(() -> Flux.from(bind(connection.createStatement(sql.sql()), sql).execute())
                .concatMap(r -> r.map(mapper))));
    }

    /**
     * Executes a statement on a connection and emits the rows it affected.
     *
     * @param connection the connection
     * @param sql the statement
     * @return the affected row count
     */
    public Mono<Long> update(Connection connection, Sql sql) {
        return logged(sql, Flux.defer(() -> Flux.from(bind(connection.createStatement(sql.sql()), sql).execute())
                .concatMap(Result::getRowsUpdated)), Long::longValue)
                .reduce(0L, Long::sum);
    }

    /**
     * Executes a prepared driver statement (for example one asking for generated values) and maps its rows.
     *
     * @param statement the driver statement, already bound
     * @param sql what it runs, for logging and errors
     * @param mapper maps a row
     * @param <R> the mapped type
     * @return the mapped rows
     */
    public <R> Flux<R> execute(Statement statement, Sql sql, BiFunction<Row, RowMetadata, R> mapper) {
        return logged(sql, Flux.defer(() -> Flux.from(statement.execute()).concatMap(r -> r.map(mapper))));
    }

    /**
     * Creates a driver statement with the values of {@code sql} bound.
     *
     * @param connection the connection
     * @param sql the statement
     * @return the bound driver statement
     */
    public Statement prepare(Connection connection, Sql sql) {
        return bind(connection.createStatement(sql.sql()), sql);
    }

    /**
     * Logs a statement that is not executed (dry run).
     *
     * @param sql the statement
     * @param <R> the element type
     * @return an empty flux that logs when subscribed
     */
    public <R> Flux<R> dryRun(Sql sql) {
        return Flux.deferContextual(ctx -> {
            logger.trace(sql, Duration.ZERO, 0, null, ctx);
            return Flux.empty();
        });
    }

    private static Statement bind(Statement statement, Sql sql) {
        List<@Nullable Object> binds = sql.binds();
        for (int i = 0; i < binds.size(); i++) {
            Object v = binds.get(i);
            if (v == null) {
                statement.bindNull(i, sql.types().get(i));
            } else {
                statement.bind(i, v);
            }
        }
        return statement;
    }

    private <R> Flux<R> logged(Sql sql, Flux<R> flux) {
        return logged(sql, flux, r -> 1L);
    }

    private <R> Flux<R> logged(Sql sql, Flux<R> flux, ToLongFunction<R> weight) {
        return Flux.deferContextual(ctx -> {
            long start = System.nanoTime();
            AtomicLong rows = new AtomicLong();
            AtomicBoolean ended = new AtomicBoolean();
            return flux
                    .onErrorMap(e -> e instanceof R2dbcException, e -> dialect.translate(e, sql.sql()))
                    .doOnNext(r -> rows.addAndGet(weight.applyAsLong(r)))
                    .doOnComplete(() -> {
                        if (ended.compareAndSet(false, true)) {
                            logger.trace(sql, since(start), rows.get(), null, ctx);
                        }
                    })
                    .doOnError(e -> {
                        if (ended.compareAndSet(false, true)) {
                            logger.trace(sql, since(start), rows.get(), e, ctx);
                        }
                    })
                    .doOnCancel(() -> {
                        if (ended.compareAndSet(false, true)) {
                            logger.trace(sql, since(start), -1, null, ctx);
                        }
                    });
        });
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static final class TxKey {
        @Override
        public String toString() {
            return "r2orm.transaction";
        }
    }
}
