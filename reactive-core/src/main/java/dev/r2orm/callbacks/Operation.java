package dev.r2orm.callbacks;

import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.internal.Executor;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One run of an operation through its callback chain: its kind, its statement, its session options and the means to
 * execute SQL. A new operation is made for each subscription; steps of that run may change its statement.
 */
public final class Operation {

    /** The kinds of operation, each with its own chain. */
    public enum Kind {
        /** Inserts entities. */
        CREATE,
        /** Reads rows. */
        QUERY
    }

    private final Kind kind;
    private final Executor executor;
    private final Session session;
    private final Class<?> resultType;
    private final int expectedStatements;
    private Statement statement;
    private boolean transactional;

    /**
     * Creates an operation. Applications do not call this: {@code Db} and {@code Query} do.
     *
     * @param kind the kind
     * @param executor executes SQL
     * @param session the session options
     * @param statement the statement assembled so far
     * @param resultType what the operation emits: the model class, or a scalar type
     * @param expectedStatements how many statements the operation will execute, or {@link Integer#MAX_VALUE} when
     *     unknown
     */
    public Operation(Kind kind, Executor executor, Session session, Statement statement, Class<?> resultType,
            int expectedStatements) {
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.statement = Objects.requireNonNull(statement, "statement must not be null");
        this.resultType = Objects.requireNonNull(resultType, "resultType must not be null");
        this.expectedStatements = expectedStatements;
    }

    /** @return the operation's kind */
    public Kind kind() {
        return kind;
    }

    /** @return the session options */
    public Session session() {
        return session;
    }

    /** @return the statement as assembled so far */
    public Statement statement() {
        return statement;
    }

    /**
     * Replaces the statement (steps that add conditions, for example).
     *
     * @param statement the new statement
     */
    public void statement(Statement statement) {
        this.statement = Objects.requireNonNull(statement, "statement must not be null");
    }

    /** @return the model schema of the statement, or null for a table without a model */
    public @Nullable Schema schema() {
        return statement.schema();
    }

    /** @return what the operation emits: the model class or a scalar type */
    public Class<?> resultType() {
        return resultType;
    }

    /** @return how many statements the operation expects to run, {@link Integer#MAX_VALUE} when unknown */
    public int expectedStatements() {
        return expectedStatements;
    }

    /** @return whether the operation will run in a transaction of its own */
    public boolean transactional() {
        return transactional;
    }

    /**
     * Asks for the operation to run in a transaction (joined when one is already open).
     *
     * @param transactional whether to use a transaction
     */
    public void transactional(boolean transactional) {
        this.transactional = transactional;
    }

    /** @return the dialect; refined once a connection has told the server version */
    public Dialect dialect() {
        return executor.dialect();
    }

    /**
     * Runs work on a connection: the current transaction's, or one from the pool released on complete, error and
     * cancel.
     *
     * @param work the work
     * @param <R> the element type
     * @return the work's elements
     */
    public <R> Flux<R> withConnection(Function<? super Connection, ? extends Publisher<R>> work) {
        return executor.withConnection(work);
    }

    /**
     * Wraps a stream in a transaction: commit on complete, rollback on error or cancel.
     *
     * @param body the stream
     * @param <R> the element type
     * @return the stream, run in a transaction
     */
    public <R> Flux<R> inTransaction(Flux<R> body) {
        return executor.inTransaction(body);
    }

    /**
     * Executes a query and maps its rows (logged, errors translated).
     *
     * @param connection the connection
     * @param sql the statement
     * @param mapper the row mapper
     * @param <R> the mapped type
     * @return the rows
     */
    public <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper) {
        return executor.query(connection, sql, mapper);
    }

    /**
     * Executes a statement and emits the affected row count (logged, errors translated).
     *
     * @param connection the connection
     * @param sql the statement
     * @return the affected rows
     */
    public Mono<Long> update(Connection connection, Sql sql) {
        return executor.update(connection, sql);
    }

    /** @return the executor; for built-in steps */
    Executor executor() {
        return executor;
    }
}
