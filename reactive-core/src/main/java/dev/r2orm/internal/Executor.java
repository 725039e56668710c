package dev.r2orm.internal;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.TransactionClosedException;
import dev.r2orm.TxOptions;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ServerFills;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs statements on pooled connections: acquires and releases connections (on complete, error and cancel, through
 * its {@link ConnectionSource}) and joins the transaction found in the Reactor context (r2orm's own or Spring's,
 * {@link SpringTransactions}). Each statement is run, bounded, translated and logged by its {@link StatementRunner};
 * transactions and savepoints are begun and ended by its {@link TransactionRunner}. One per {@code Db}; shared by
 * its sessions.
 */
public final class Executor {

    private final ConnectionSource connections;
    private final Logger logger;
    private final Duration statementTimeout;
    private final TxKey txKey = new TxKey();
    private final ServerFillsCache serverFills = new ServerFillsCache(this);
    private final TransactionRunner transactions;
    private final StatementRunner statements;
    private volatile Dialect dialect;
    private volatile boolean refined;

    /**
     * Creates an executor.
     *
     * @param factory the (pooled) connection factory
     * @param dialect the dialect, refined on the first connection
     * @param logger the SQL logger
     * @param acquireTimeout the whole wait for a usable connection: attempts that meet a dead connection or a refused
     *     connect are retried within it
     * @param statementTimeout the statement timeout where the Reactor context sets none
     *     ({@link #withStatementTimeout})
     */
    public Executor(ConnectionFactory factory, Dialect dialect, Logger logger, Duration acquireTimeout,
            Duration statementTimeout) {
        this.connections = new ConnectionSource(factory, acquireTimeout, this::dialect);
        this.dialect = dialect;
        this.logger = logger;
        this.transactions = new TransactionRunner(this, logger);
        this.statementTimeout = statementTimeout;
        this.statements = new StatementRunner(this::dialect, txKey, this::timeout, logger, connections, serverFills);
    }

    /**
     * Runs work with another statement timeout for every statement it runs through this executor (an inner setting
     * wins).
     *
     * <p>Cancelling cancels the work, as it would without this setting.
     *
     * @param work the work
     * @param timeout the timeout, or null to keep the one in effect
     * @param <R> the element type
     * @return the work's elements and error; a statement with no answer within the timeout signals
     *     {@link dev.r2orm.StatementTimeoutException}
     */
    public <R> Flux<R> withStatementTimeout(Flux<R> work, @Nullable Duration timeout) {
        return timeout == null ? work : work.contextWrite(ctx -> ctx.put(TimeoutKey.KEY, timeout));
    }

    private Duration timeout(ContextView ctx) {
        return ctx.getOrDefault(TimeoutKey.KEY, statementTimeout);
    }

    /** @return the dialect; after the first connection, the one refined by the server's version */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the connection factory */
    public ConnectionFactory factory() {
        return connections.factory();
    }

    /**
     * Wraps the factory statements take their connections from; {@link #factory()} stays the same instance.
     *
     * @param wrapper gives the factory to use in place of the one it receives (the pool, or an earlier wrapper)
     * @throws NullPointerException if the wrapper returns null
     */
    public void wrapConnectionFactory(java.util.function.UnaryOperator<ConnectionFactory> wrapper) {
        connections.wrap(wrapper);
    }

    /**
     * Runs work on the transaction's connection when the subscriber's context holds one of this executor's
     * transactions; otherwise on a connection of its own, released when the work completes, fails or is cancelled.
     *
     * @param work the work; it must finish (or be cancelled) before the connection is used again
     * @param <R> the element type
     * @return the work's elements; the work's error; {@link dev.r2orm.ConnectionUnavailableException} when no
     *     connection could be had within the acquire timeout, {@link TransactionClosedException} in a transaction that
     *     has ended
     */
    public <R> Flux<R> withConnection(Function<? super Connection, ? extends Publisher<R>> work) {
        return Flux.deferContextual(ctx -> {
            TxState own = ctx.getOrDefault(txKey, null);
            TxState tx = resolve(ctx, own);
            if (tx != null) {
                return in(inTransaction(tx, work), tx, own);
            }
            return in(Flux.usingWhen(acquire(), work, Connection::close, ConnectionSource::release,
                    c -> connections.releaseAfterCancel(c, timeout(ctx))), null, own);
        });
    }

    private <R> Flux<R> inTransaction(TxState tx, Function<? super Connection, ? extends Publisher<R>> work) {
        if (tx.isClosed()) {
            return Flux.error(new TransactionClosedException(
                    "the transaction was already committed or rolled back; start a new one"));
        }
        return tx.barrier().thenMany(Flux.defer(() -> Flux.from(work.apply(tx.connection()))));
    }

    /**
     * The transaction work runs in: r2orm's own in the context, unless a Spring reactive transaction open for this
     * executor's connection factory (the same instance) is the innermost, which is then joined: its connection is
     * Spring's, which r2orm never commits, rolls back or closes ({@link SpringTransactions#current}).
     *
     * @return the transaction, or null to run on a connection of its own
     */
    private @Nullable TxState resolve(ContextView ctx, @Nullable TxState own) {
        return SpringTransactions.mayBeOpen(ctx) ? SpringTransactions.current(ctx, connections.factory(), txKey, own)
                : own;
    }

    /** Runs work with {@code tx} as the context's transaction, when it is not already {@code own}. */
    private <R> Flux<R> in(Flux<R> work, @Nullable TxState tx, @Nullable TxState own) {
        if (tx == own) {
            return work;
        }
        return tx == null ? work.contextWrite(c -> c.delete(txKey)) : bind(work, tx);
    }

    /**
     * Like {@link #withConnection(Function)}, with a cleanup run on the connection whenever the work ends (completes,
     * fails or is cancelled, even before it emitted anything), and finished before the connection goes back to the
     * pool: a session lock taken by a statement whose result was cancelled is freed, not left on a pooled connection.
     * When the cleanup fails, and always after a cancel (a statement of the work may still reach the server behind
     * the cleanup), the connection's session is closed rather than handed out again; the work's own error is the one
     * signalled.
     *
     * @param work the work
     * @param cleanup the statements that undo what the work may have left on the session
     * @param <R> the element type
     * @return the work's elements; the work's error; {@link dev.r2orm.ConnectionUnavailableException} when no
     *     connection could be had within the acquire timeout, {@link TransactionClosedException} in a transaction that
     *     has ended
     */
    public <R> Flux<R> withConnection(Function<? super Connection, ? extends Publisher<R>> work,
            Function<? super Connection, ? extends Publisher<?>> cleanup) {
        Function<Connection, Mono<Void>> clean = c -> Flux.from(cleanup.apply(c)).then()
                .onErrorResume(e -> connections.discard(c));
        return Flux.deferContextual(ctx -> {
            TxState own = ctx.getOrDefault(txKey, null);
            TxState tx = resolve(ctx, own);
            if (tx != null) {
                return in(withConnection(work), tx, own).concatWith(clean.apply(tx.connection()).then(Mono.empty()))
                        .onErrorResume(e -> clean.apply(tx.connection()).then(Mono.error(e)))
                        .doOnCancel(() -> clean.apply(tx.connection()).subscribe());
            }
            // after a cancel, a statement of the work may still reach the server behind the cleanup (a retry that
            // was firing as the cancel came): the session is closed, so nothing it takes can outlive it
            return in(Flux.usingWhen(acquire(), work,
                    c -> clean.apply(c).then(Mono.from(c.close())),
                    (c, e) -> clean.apply(c).then(Mono.from(c.close())),
                    c -> clean.apply(c).then(connections.discard(c)).then(Mono.from(c.close()))), null, own);
        });
    }

    /**
     * Makes work run in a transaction: everything subscribed inside it (through any view of this database) uses the
     * transaction's connection.
     *
     * <p>Cancelling cancels the work; it does not end the transaction, which ends as its owner decides.
     *
     * @param work the work
     * @param tx the transaction
     * @param <R> the element type
     * @return the work's elements and error; a statement run in a transaction that has ended signals
     *     {@link TransactionClosedException}
     */
    public <R> Flux<R> bind(Flux<R> work, TxState tx) {
        return work.contextWrite(ctx -> ctx.put(txKey, tx));
    }

    /**
     * A context in which work runs in a transaction, as inside {@link #bind}; Spring code sees the transaction too
     * ({@link SpringTransactions#exposedContext}). A context already bound to it is returned as it is.
     *
     * @param ctx the context
     * @param tx the transaction
     * @return the context, bound
     */
    public Context bindContext(Context ctx, TxState tx) {
        if (ctx.getOrDefault(txKey, null) == tx) {
            return ctx;
        }
        return SpringTransactions.exposedContext(ctx.put(txKey, tx), tx, connections.factory());
    }

    /**
     * The transaction open in a Reactor context, if any.
     *
     * @param ctx the context
     * @return the transaction, or null
     */
    public @Nullable TxState current(ContextView ctx) {
        return resolve(ctx, ctx.getOrDefault(txKey, null));
    }

    /**
     * Runs a body inside one transaction with default options; joins the transaction in the Reactor context when
     * there is one.
     *
     * <p>Cancelling a transaction of its own rolls it back (once a write already sent has completed) and releases its
     * connection; a joined transaction is not ended by the cancel.
     *
     * @param body the work
     * @param <R> the element type
     * @return the body's elements; its error, after the rollback, or the translated error of the BEGIN or COMMIT
     *     ({@link dev.r2orm.ConnectionUnavailableException} when no connection could be had)
     */
    public <R> Flux<R> inTransaction(Flux<R> body) {
        return Flux.deferContextual(ctx -> current(ctx) != null ? body : transaction(TxOptions.DEFAULT, tx -> body));
    }

    /**
     * Runs work in a transaction. Outside a transaction it takes a connection, begins, runs the work with the
     * transaction in its Reactor context, and commits when the work completes, rolls back when it fails or is
     * cancelled, then releases the connection. Inside a transaction it runs the work in a savepoint instead, rolled
     * back to on error or cancel (the error still reaches the caller, who may handle it and go on).
     *
     * @param options isolation, read-only and retries (retries apply to the outermost transaction only)
     * @param work the work
     * @param <R> the element type
     * @return the work's elements; commit failures are translated like statement errors; the work's error, after the
     *     rollback; {@link dev.r2orm.ConnectionUnavailableException} when no connection could be had
     */
    public <R> Flux<R> transaction(TxOptions options, Function<TxState, ? extends Publisher<R>> work) {
        return Flux.deferContextual(ctx -> {
            TxState own = ctx.getOrDefault(txKey, null);
            TxState outer = resolve(ctx, own);
            return in(outer != null ? transactions.savepoint(outer, work) : transactions.own(options, work, ctx), outer,
                    own);
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
    public Mono<TxState> begin(TxOptions options) {
        return transactions.begin(options);
    }

    /**
     * Ends a transaction (commit or rollback) and releases its connection, whatever the outcome.
     *
     * @param tx the transaction
     * @param action the commit or rollback
     * @param what {@code "COMMIT"} or {@code "ROLLBACK"}, for the log and errors
     * @return completes when the connection is released; a lost connection's COMMIT fails with
     *     {@link ConnectionLostException}; a cancel stops the waiting, not the end, which runs to the release
     */
    public Mono<Void> end(TxState tx, Publisher<Void> action, String what) {
        return transactions.end(tx, action, what);
    }

    Throwable translate(Throwable e, String sql) {
        return Faults.statement(e, sql, dialect, false);
    }

    Mono<Connection> acquire() {
        return connections.acquire().flatMap(c -> refined ? Mono.just(c) : firstConnection(c));
    }

    /** Refines the dialect by the server's version and checks the database's set-up, once per executor. */
    private Mono<Connection> firstConnection(Connection c) {
        Dialect refinedDialect = dialect.refine(c.getMetadata());
        return refinedDialect.check(c)
                .then(Mono.fromCallable(() -> {
                    dialect = refinedDialect;
                    refined = true;
                    return c;
                }))
                .onErrorResume(e -> Mono.from(c.close()).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    /**
     * Executes a query on a connection and maps every row, logging once when the result ends.
     *
     * <p>Cancelling stops reading rows: the driver reads the rest of the result before the connection's next
     * statement ({@link #withConnection(Function)} gives a pooled connection back once it answers again, and closes
     * it when it does not within the statement timeout). Inside a transaction a statement that writes is shielded: it
     * runs to its end, and the transaction's end waits for it.
     *
     * @param connection the connection
     * @param sql the statement
     * @param mapper maps a row; called on the driver's thread
     * @param <R> the mapped type
     * @return the mapped rows, streamed as requested. The statement's error, translated: an
     *     {@link dev.r2orm.R2ormException} from the dialect ({@link dev.r2orm.DuplicatedKeyException} and the like),
     *     {@link dev.r2orm.StatementTimeoutException} when the database does not answer within the statement timeout
     *     (the connection is then closed and the statement cancelled on the server), {@link ConnectionLostException}
     *     when the connection breaks, {@link dev.r2orm.ReadOnlyTransactionException} for a write in a read-only
     *     transaction; an error of {@code mapper} as it is
     */
    public <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper) {
        return query(connection, sql, mapper, 0);
    }

    /**
     * Like {@link #query(Connection, Sql, BiFunction)}, asking the driver for {@code fetchSize} rows at a time: on
     * PostgreSQL a portal that fetches that many rows per round trip, on MariaDB and MySQL a cursor when the
     * connection prepares statements on the server; H2 ignores it.
     *
     * <p>Cancelling stops reading rows, as for {@link #query(Connection, Sql, BiFunction)}; with a fetch size on
     * PostgreSQL the driver discards at most one fetch.
     *
     * @param connection the connection
     * @param sql the statement
     * @param mapper maps a row; called on the driver's thread
     * @param fetchSize rows per fetch, or 0 to let the driver decide
     * @param <R> the mapped type
     * @return the mapped rows, streamed as requested; errors as {@link #query(Connection, Sql, BiFunction)}
     */
    public <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper, int fetchSize) {
        return statements.query(connection, sql, mapper, fetchSize);
    }

    /**
     * Executes a statement on a connection and emits the rows it affected.
     *
     * <p>Cancelling: inside a transaction the statement is shielded: it runs to its end, and the transaction's next
     * statement and its end wait for it. Outside one, a statement already sent may or may not take effect; the
     * connection is the caller's ({@link #withConnection(Function)} releases a pooled one once it answers again).
     *
     * @param connection the connection
     * @param sql the statement
     * @return the affected row count; errors as {@link #query(Connection, Sql, BiFunction)} (a DDL statement clears
     *     the cache of {@link #serverFills} whatever its outcome)
     */
    public Mono<Long> update(Connection connection, Sql sql) {
        return statements.update(connection, sql);
    }

    /**
     * The columns of a table the database fills itself ({@link ServerFills}), read from the catalog with one query the
     * first time and remembered until a DDL statement runs through this executor.
     *
     * <p>Cancelling stops the catalog query, if one runs, on the caller's connection; nothing is remembered then.
     *
     * @param connection the connection to read the catalog on, when needed
     * @param table the table
     * @return the columns; {@link ServerFills#NONE} for a table the catalog does not know. The catalog query's
     *     translated error, as for {@link #query(Connection, Sql, BiFunction)};
     *     {@link dev.r2orm.UnsupportedByDialectException} when the dialect cannot read its catalog
     */
    public Mono<ServerFills> serverFills(Connection connection, String table) {
        return serverFills.get(connection, table);
    }

    /**
     * Executes a prepared driver statement that writes (for example one asking for generated values) and maps its
     * rows; shielded inside a transaction.
     *
     * <p>Cancelling: inside a transaction the statement is shielded: it runs to its end, and the transaction's next
     * statement and its end wait for it. Outside one, a statement already sent may or may not take effect; the
     * connection is the caller's ({@link #withConnection(Function)} releases a pooled one once it answers again).
     *
     * @param connection the connection the statement was created on
     * @param statement the driver statement, already bound
     * @param sql what it runs
     * @param mapper maps a row
     * @param <R> the mapped type
     * @return the mapped rows; errors as {@link #query(Connection, Sql, BiFunction)}
     */
    public <R> Flux<R> executeWrite(Connection connection, Statement statement, Sql sql,
            BiFunction<Row, RowMetadata, R> mapper) {
        return statements.executeWrite(connection, statement, sql, mapper);
    }

    /**
     * Creates a driver statement with the values of {@code sql} bound.
     *
     * @param connection the connection
     * @param sql the statement
     * @return the bound driver statement
     */
    public Statement prepare(Connection connection, Sql sql) {
        return statements.prepare(connection, sql);
    }

    /**
     * Runs a bulk load, logging it once with the rows it loaded and translating its errors. The statement timeout
     * bounds each wait for progress: the load reports a row sent by running the given tick.
     *
     * <p>Cancelling cancels the load, which the dialect abandons (on PostgreSQL the driver fails the COPY, so none of
     * its rows are written). Unlike the other writes it is not shielded inside a transaction.
     *
     * @param connection the connection the load runs on
     * @param sql what it runs, for logging and errors
     * @param load makes the load from its progress tick; emits the rows loaded
     * @return the rows loaded; the load's error translated as a statement's, and
     *     {@link dev.r2orm.StatementTimeoutException} when it makes no progress within the statement timeout
     */
    public Mono<Long> bulk(Connection connection, Sql sql, Function<Runnable, Mono<Long>> load) {
        return statements.bulk(connection, sql, load);
    }

    /**
     * Logs a statement that is not executed (dry run).
     *
     * <p>Cancelling has nothing to stop: the statement is logged at subscription and nothing is sent.
     *
     * @param sql the statement
     * @param <R> the element type
     * @return an empty flux that logs when subscribed; it signals no error of its own
     */
    public <R> Flux<R> dryRun(Sql sql) {
        return statements.dryRun(sql);
    }

    /**
     * A transaction statement the driver runs ({@code BEGIN}, {@code COMMIT}, savepoints), its errors translated and
     * reported to {@link Logger#transaction}.
     *
     * @param sql what it runs, for the log and errors
     * @param action the driver's action
     * @return the action
     */
    Mono<Void> control(Connection connection, String sql, Publisher<Void> action) {
        return statements.control(connection, sql, action);
    }

    /**
     * Runs a transaction statement of a manual transaction ({@code SAVEPOINT name}, {@code ROLLBACK TO SAVEPOINT
     * name}), logged and translated as the executor's own.
     *
     * <p>Cancelling stops the waiting and cancels the driver's action; a statement the driver already sent still
     * completes on the server, and the connection stays the transaction's.
     *
     * @param connection the transaction's connection
     * @param sql what it runs
     * @param action the driver's action
     * @return completes when done; the translated error ({@link dev.r2orm.R2ormException}),
     *     {@link dev.r2orm.StatementTimeoutException} when the database does not answer within the statement timeout
     *     (the transaction's connection is then closed: the transaction is lost)
     */
    public Mono<Void> transactionStatement(Connection connection, String sql, Publisher<Void> action) {
        return statements.control(connection, sql, action);
    }

    /** The key of the open transaction in a Reactor context; one per executor, so databases do not mix. */
    private static final class TxKey {
        @Override
        public String toString() {
            return "r2orm.transaction";
        }
    }

    /** The Reactor context key of the statement timeout in effect. */
    private static final class TimeoutKey {
        static final TimeoutKey KEY = new TimeoutKey();

        @Override
        public String toString() {
            return "r2orm.statementTimeout";
        }
    }

    /** The Reactor context key of the innermost savepoint's cancelled state. */
    static final class ScopeKey {
        static final ScopeKey KEY = new ScopeKey();
        static final BooleanSupplier OPEN = () -> false;
    }
}
