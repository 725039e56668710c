package dev.r2orm.callbacks;

import dev.r2orm.Db;
import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
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
        QUERY,
        /** Updates rows. */
        UPDATE,
        /** Deletes rows (or marks them deleted). */
        DELETE,
        /** Runs SQL written by the caller. */
        RAW
    }

    private final Kind kind;
    private final Db db;
    private final Executor executor;
    private final Session session;
    private final Class<?> resultType;
    private final int expectedStatements;
    private Statement statement;
    private boolean transactional;
    private boolean unscoped;
    private @Nullable UpdatePlan updatePlan;
    private @Nullable Object versionChecked;
    private @Nullable Sql rawSql;
    private @Nullable Schema resultSchema;
    private long rowsAffected;
    private boolean returning;
    private java.util.function.@Nullable Supplier<BiFunction<Row, RowMetadata, Object>> rowMapper;
    private int fetchSize;
    private dev.r2orm.clause.@Nullable OnConflict onConflict;
    private java.util.Set<String> selected = java.util.Set.of();
    private java.util.Set<String> omitted = java.util.Set.of();
    private java.util.Set<String> selectedAssociations = java.util.Set.of();
    private java.util.Set<String> omittedAssociations = java.util.Set.of();

    /**
     * Creates an operation. Applications do not call this: {@code Db} and {@code Query} do.
     *
     * @param kind the kind
     * @param db the database view the operation was called on (given to hooks)
     * @param executor executes SQL
     * @param session the session options
     * @param statement the statement assembled so far
     * @param resultType what the operation emits: the model class, a DTO, a scalar type, {@code Map} for rows as maps,
     *     or {@code Void} for a raw statement run for its affected row count
     * @param expectedStatements how many statements the operation will execute, or {@link Integer#MAX_VALUE} when
     *     unknown
     */
    public Operation(Kind kind, Db db, Executor executor, Session session, Statement statement, Class<?> resultType,
            int expectedStatements) {
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.db = Objects.requireNonNull(db, "db must not be null");
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

    /** @return the database view the operation was called on */
    public Db db() {
        return db;
    }

    /** @return whether soft-deleted rows are included (and deletes are for real) */
    public boolean unscoped() {
        return unscoped;
    }

    /**
     * Includes soft-deleted rows, and makes deletes remove rows for real.
     *
     * @param unscoped whether to ignore the soft-delete scope
     * @return this operation
     */
    public Operation unscoped(boolean unscoped) {
        this.unscoped = unscoped;
        return this;
    }

    /** @return what an update writes; null for other kinds */
    public @Nullable UpdatePlan updatePlan() {
        return updatePlan;
    }

    /**
     * Sets what an update writes.
     *
     * @param plan the plan
     * @return this operation
     */
    public Operation updatePlan(UpdatePlan plan) {
        this.updatePlan = Objects.requireNonNull(plan, "plan must not be null");
        return this;
    }

    /**
     * Names the entity an update or delete is about ({@code db.save(entity)}, {@code db.model(entity)}): when its
     * model has a {@link dev.r2orm.annotation.Version @Version} and its key and version are set, the statement
     * requires that version, signals {@link dev.r2orm.OptimisticLockException} when no row has it, and writes the new
     * version into the entity on success.
     *
     * @param entity the entity, or null for an update or delete of whatever rows match
     * @return this operation
     */
    public Operation checkVersionOf(@Nullable Object entity) {
        this.versionChecked = entity;
        return this;
    }

    /** @return the entity whose version an update or delete checks, or null */
    public @Nullable Object versionChecked() {
        return versionChecked;
    }

    /** @return the SQL of a raw operation, or null */
    public @Nullable Sql rawSql() {
        return rawSql;
    }

    /**
     * Sets the SQL of a raw operation.
     *
     * @param sql the SQL
     * @return this operation
     */
    public Operation rawSql(Sql sql) {
        this.rawSql = Objects.requireNonNull(sql, "sql must not be null");
        return this;
    }

    /**
     * The schema rows are mapped with: that of {@link #resultType()} when it is a mapped class (the model, a DTO, a
     * record); null for scalars and maps.
     *
     * @return the schema, or null
     */
    public @Nullable Schema resultSchema() {
        if (resultSchema != null) {
            return resultSchema;
        }
        Schema s = statement.schema();
        return s != null && s.type() == resultType ? s : null;
    }

    /**
     * Sets the schema rows are mapped with.
     *
     * @param schema the result type's schema
     * @return this operation
     */
    public Operation resultSchema(Schema schema) {
        this.resultSchema = Objects.requireNonNull(schema, "schema must not be null");
        return this;
    }

    /** @return the upsert rule of a create, or null for a plain insert */
    public dev.r2orm.clause.@Nullable OnConflict onConflict() {
        return onConflict;
    }

    /**
     * Makes a create an upsert.
     *
     * @param onConflict what to do with rows whose key exists
     * @return this operation
     */
    public Operation onConflict(dev.r2orm.clause.@Nullable OnConflict onConflict) {
        this.onConflict = onConflict;
        return this;
    }

    /**
     * Limits which fields a create writes ({@code select(...)} / {@code omit(...)} of the query).
     *
     * @param selected field or column names to write (empty: all)
     * @param omitted field or column names never written
     * @return this operation
     */
    public Operation fields(java.util.Set<String> selected, java.util.Set<String> omitted) {
        this.selected = java.util.Set.copyOf(selected);
        this.omitted = java.util.Set.copyOf(omitted);
        return this;
    }

    /**
     * Whether a create writes a field under the operation's {@code select}/{@code omit}: primary keys, auto
     * time fields and the version are written unless omitted.
     *
     * @param f the field
     * @return true when selected (or nothing is selected) and not omitted
     */
    public boolean includes(dev.r2orm.schema.Field f) {
        if (omitted.contains(f.name()) || omitted.contains(f.column())) {
            return false;
        }
        return selected.isEmpty() || selected.contains("*") || selected.contains(f.name())
                || selected.contains(f.column()) || f.isPrimaryKey() || f.isAutoCreateTime() || f.isAutoUpdateTime()
                || f.isVersion();
    }

    /**
     * Replaces the row mapper of a query (for reads that need more than an entity per row, such as the owner key of
     * a many-to-many preload).
     *
     * @param mapper makes one mapper per result
     * @return this operation
     */
    public Operation rowMapper(java.util.function.Supplier<BiFunction<Row, RowMetadata, Object>> mapper) {
        this.rowMapper = Objects.requireNonNull(mapper, "mapper must not be null");
        return this;
    }

    /** @return the replacement row mapper factory, or null */
    public java.util.function.@Nullable Supplier<BiFunction<Row, RowMetadata, Object>> rowMapper() {
        return rowMapper;
    }

    /**
     * A new row mapper for one result: the replacement set with {@link #rowMapper(java.util.function.Supplier)}, or
     * else the mapper of {@link #resultType()} (see {@link RowMappers#forType}).
     *
     * @return the mapper; one per result, since entity mappers remember the result's column layout
     */
    public BiFunction<Row, RowMetadata, Object> newRowMapper() {
        return rowMapper != null ? rowMapper.get() : RowMappers.forType(resultType, resultSchema());
    }

    /**
     * Sets the rows a query asks the driver for at a time.
     *
     * @param rows at least 1, or 0 to let the driver decide
     * @return this operation
     */
    public Operation fetchSize(int rows) {
        this.fetchSize = rows;
        return this;
    }

    /** @return the rows a query asks the driver for at a time; 0 lets the driver decide */
    public int fetchSize() {
        return fetchSize;
    }

    /** @return whether an update or delete emits the rows it changed instead of its input */
    public boolean returning() {
        return returning;
    }

    /**
     * Makes an update or delete emit the rows it changed ({@code RETURNING}).
     *
     * @param returning whether to return rows
     * @return this operation
     */
    public Operation returning(boolean returning) {
        this.returning = returning;
        return this;
    }

    /**
     * Whether a create writes an association under {@code select}/{@code omit}: omitted by name or with
     * {@code "*"} ({@code Associations.ALL}) means no; when names are selected, only selected associations are
     * written.
     *
     * @param name the association's field name
     * @return true when it is written
     */
    public boolean includesAssociation(String name) {
        for (String o : omittedAssociations) {
            if (o.equals("*") || o.equalsIgnoreCase(name)) {
                return false;
            }
        }
        if (selectedAssociations.isEmpty() && (selected.isEmpty() || selected.contains("*"))) {
            return true;
        }
        for (String s : selectedAssociations) {
            if (s.equals("*") || s.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Limits which associations a create writes.
     *
     * @param selected association names to write (empty: as the field selection says)
     * @param omitted association names not written ({@code "*"}: none)
     * @return this operation
     */
    public Operation associations(java.util.Set<String> selected, java.util.Set<String> omitted) {
        this.selectedAssociations = java.util.Set.copyOf(selected);
        this.omittedAssociations = java.util.Set.copyOf(omitted);
        return this;
    }

    /** @return the rows the update or delete affected, once it ran */
    public long rowsAffected() {
        return rowsAffected;
    }

    /**
     * Records the rows an update or delete affected.
     *
     * @param rows the count
     */
    public void rowsAffected(long rows) {
        this.rowsAffected = rows;
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
        return executor.query(connection, sql, mapper, fetchSize);
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
