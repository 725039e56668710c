package dev.r2orm.internal;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.ReadOnlyTransactionException;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Runs one statement on a connection the {@link Executor} chose: binds its values through the dialect, bounds it by
 * the statement timeout ({@link StatementGuard}), translates its errors ({@link Faults}), logs it
 * ({@link StatementTrace}), shields a write inside a transaction from its subscriber's cancel, and lets a streaming
 * query of a transaction spill when another statement needs the connection ({@link SpillableStream}).
 */
final class StatementRunner {

    /** The first words of statements that change data or schema. */
    private static final List<String> DATA_VERBS = List.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
            "REPLACE", "TRUNCATE", "CREATE", "ALTER", "DROP");

    private final Supplier<Dialect> dialect;
    private final Object txKey;
    private final Function<ContextView, Duration> timeout;
    private final Logger logger;
    private final ConnectionSource connections;
    private final ServerFillsCache serverFills;

    /**
     * Creates the runner of an executor.
     *
     * @param dialect the dialect in effect
     * @param txKey the executor's Reactor context key of its transaction
     * @param timeout the statement timeout in effect in a context
     * @param logger the SQL logger
     * @param connections where a timed-out statement's connection is abandoned
     * @param serverFills the cache a DDL statement clears
     */
    StatementRunner(Supplier<Dialect> dialect, Object txKey, Function<ContextView, Duration> timeout, Logger logger,
            ConnectionSource connections, ServerFillsCache serverFills) {
        this.dialect = dialect;
        this.txKey = txKey;
        this.timeout = timeout;
        this.logger = logger;
        this.connections = connections;
        this.serverFills = serverFills;
    }

    private Dialect dialect() {
        return dialect.get();
    }

    /** See {@link Executor#query}. */
    <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper, int fetchSize) {
        return oneConnection(true, logged(connection, sql, shieldWrite(connection, sql, Flux.defer(() -> {
            Statement statement = bind(connection.createStatement(sql.sql()), sql);
            if (fetchSize > 0) {
                statement.fetchSize(fetchSize);
            }
            return Flux.from(statement.execute()).concatMap(r -> r.map(mapper));
        }))));
    }

    /**
     * In a transaction every statement shares one connection, which serves one result at a time: a statement that
     * starts while a query of the transaction is still streaming makes that query read the rest of its rows ahead
     * (see {@link SpillableStream}), so that neither waits for the other forever.
     *
     * @param stream whether the statement's rows stream to its subscriber (a query) and may have to spill
     */
    private <R> Flux<R> oneConnection(boolean stream, Flux<R> statement) {
        return Flux.deferContextual(ctx -> {
            TxState tx = ctx.getOrDefault(txKey, null);
            if (tx == null) {
                return statement;
            }
            tx.spillStreams();
            return stream ? SpillableStream.wrap(statement, tx) : statement;
        });
    }

    /**
     * Inside a transaction, a write runs to its end even when its subscriber cancels, and the transaction's commit
     * or rollback waits for it (see {@link TxState#shielded}). Reads stay cancellable: the drivers drain them.
     */
    private <R> Flux<R> shieldWrite(Connection connection, Sql sql, Flux<R> exchange) {
        return Flux.deferContextual(ctx -> {
            TxState tx = ctx.getOrDefault(txKey, null);
            if (tx == null || tx.connection() != connection || !isWrite(sql.sql())) {
                return exchange;
            }
            if (tx.isReadOnly() && !dialect().enforcesReadOnly() && changesData(sql.sql())) {
                return Flux.error(new ReadOnlyTransactionException("write in a read-only transaction; SQL ["
                        + Sql.abbreviate(sql.sql(), 1_000) + "]", null));
            }
            return tx.shielded(exchange, ctx.getOrDefault(Executor.ScopeKey.KEY, Executor.ScopeKey.OPEN))
                    .flatMapIterable(list -> list);
        });
    }

    /** Whether a statement that {@link #isWrite writes} changes data or schema (not SET, SHOW, CALL, ...). */
    private static boolean changesData(String sql) {
        String head = sql.stripLeading();
        for (String verb : DATA_VERBS) {
            if (head.regionMatches(true, 0, verb, 0, verb.length())) {
                return true;
            }
        }
        return head.contains(" FINAL TABLE (") || head.contains(" OLD TABLE (");
    }

    private static boolean isWrite(String sql) {
        String head = sql.stripLeading();
        return !(head.regionMatches(true, 0, "SELECT", 0, 6) || head.regionMatches(true, 0, "WITH", 0, 4))
                || head.contains(" FINAL TABLE (") || head.contains(" OLD TABLE (");
    }

    /** See {@link Executor#update}. */
    Mono<Long> update(Connection connection, Sql sql) {
        Flux<Long> exchange = Flux.defer(() -> Flux.from(bind(connection.createStatement(sql.sql()), sql).execute())
                .concatMap(Result::getRowsUpdated));
        if (ServerFillsCache.isDdl(sql.sql())) {
            // inside a transaction the statement is shielded and ends after a cancel: forget the tables then too
            exchange = exchange.doFinally(signal -> serverFills.clear());
        }
        return oneConnection(false, logged(connection, sql, shieldWrite(connection, sql, exchange), Long::longValue))
                .reduce(0L, Long::sum);
    }

    /** See {@link Executor#executeWrite}. */
    <R> Flux<R> executeWrite(Connection connection, Statement statement, Sql sql,
            BiFunction<Row, RowMetadata, R> mapper) {
        return oneConnection(false, logged(connection, sql, shieldWrite(connection, sql,
                Flux.defer(() -> Flux.from(statement.execute()).concatMap(r -> r.map(mapper))))));
    }

    /** See {@link Executor#prepare}. */
    Statement prepare(Connection connection, Sql sql) {
        return bind(connection.createStatement(sql.sql()), sql);
    }

    /** See {@link Executor#bulk}. */
    Mono<Long> bulk(Connection connection, Sql sql, Function<Runnable, Mono<Long>> load) {
        return Flux.defer(() -> {
            StatementGuard.Progress progress = new StatementGuard.Progress();
            return oneConnection(false, logged(connection, sql, load.apply(progress).flux(), Long::longValue,
                    progress));
        }).reduce(0L, Long::sum);
    }

    /** See {@link Executor#dryRun}. */
    <R> Flux<R> dryRun(Sql sql) {
        return Flux.deferContextual(ctx -> {
            logger.trace(sql, Duration.ZERO, 0, null, ctx);
            return Flux.empty();
        });
    }

    private Statement bind(Statement statement, Sql sql) {
        List<@Nullable Object> binds = sql.binds();
        Dialect dialect = dialect();
        ValueCheck.checkParameters(binds, dialect);
        List<Class<?>> types = sql.types();
        for (int i = 0; i < binds.size(); i++) {
            dialect.bind(statement, i, binds.get(i), types.get(i));
        }
        return statement;
    }

    private <R> Flux<R> logged(Connection connection, Sql sql, Flux<R> flux) {
        return logged(connection, sql, flux, r -> 1L);
    }

    /**
     * Bounds a statement by the statement timeout (closing its connection when it runs out), translates its errors
     * and logs it.
     */
    private <R> Flux<R> logged(Connection connection, Sql sql, Flux<R> flux, ToLongFunction<R> weight) {
        return logged(connection, sql, flux, weight, null);
    }

    private <R> Flux<R> logged(Connection connection, Sql sql, Flux<R> flux, ToLongFunction<R> weight,
            StatementGuard.@Nullable Progress progress) {
        return Flux.deferContextual(ctx -> {
            TxState tx = ctx.getOrDefault(txKey, null);
            TxState own = tx != null && tx.connection() == connection ? tx : null;
            if (own != null && own.isLost()) {
                return Flux.error(Faults.lostBefore(sql.sql()));
            }
            // alone, a write commits by itself: if its connection is lost, it may have (the SQL is read on error only)
            BooleanSupplier mayCommit = () -> own == null && isWrite(sql.sql());
            Duration limit = timeout.apply(ctx);
            Flux<R> translated = StatementGuard.guard(flux, limit,
                            () -> Faults.timedOut(sql.sql(), limit, mayCommit.getAsBoolean()),
                            () -> lose(own, connection), progress)
                    .onErrorMap(e -> lost(own, Faults.statement(e, sql.sql(), dialect(), mayCommit.getAsBoolean())));
            StatementLog log = StatementLog.in(ctx);
            if (log != null) {
                log.statement(sql.sql(), sql.binds().hashCode());
                translated = translated.doOnNext(r -> log.rows(weight.applyAsLong(r)));
            }
            return logger.isSilent() ? translated : StatementTrace.statement(logger, sql, translated, weight);
        });
    }

    /** See {@link Executor#transactionStatement}: a transaction statement, logged and translated. */
    Mono<Void> control(Connection connection, String sql, Publisher<Void> action) {
        boolean commit = sql.equals("COMMIT");
        return Mono.deferContextual(ctx -> {
            TxState tx = ctx.getOrDefault(txKey, null);
            TxState own = tx != null && tx.connection() == connection ? tx : null;
            Duration limit = timeout.apply(ctx);
            Mono<Void> translated = StatementGuard.guard(Flux.from(action), limit,
                            () -> Faults.timedOut(sql, limit, commit),
                            () -> lose(own, connection), null)
                    .then()
                    .onErrorMap(e -> lost(own, Faults.statement(e, sql, dialect(), commit)));
            return logger.isSilent() ? translated : StatementTrace.transaction(logger, Sql.of(sql), translated);
        });
    }

    /**
     * A statement timed out: it is cancelled on the server and its connection closed, and its transaction, if any, can
     * send nothing more.
     */
    private void lose(@Nullable TxState tx, Connection connection) {
        if (tx != null) {
            tx.lost();
        }
        connections.abandon(connection);
    }

    /**
     * Marks the transaction whose statement failed with a lost connection; returns the error. The server's own
     * statement timeout ({@code statement_timeout}, {@code max_statement_time}) leaves the connection as it was.
     */
    private static Throwable lost(@Nullable TxState tx, Throwable error) {
        boolean serverTimeout = error instanceof dev.r2orm.StatementTimeoutException t && t.timeout() == null;
        if (tx != null && error instanceof ConnectionLostException && !serverTimeout) {
            tx.lost();
        }
        return error;
    }
}
