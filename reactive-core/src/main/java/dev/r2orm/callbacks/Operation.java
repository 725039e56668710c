package dev.r2orm.callbacks;

import dev.r2orm.Db;
import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.internal.DbAccess;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One run of an operation through its callback chain: its kind, its statement, its session options, what it was
 * asked to do (set once, by its {@link Builder}) and the means to execute SQL. A new operation is made for each
 * subscription, so a step may keep state in it for the rest of the run.
 *
 * <p>What the operation was asked to do is read-only. A step changes only the run's state: the statement
 * ({@link #statement(Statement)}, for example to add a condition), whether the run needs a transaction of its own
 * ({@link #transactional(boolean)}, the {@link Steps#BEGIN_TRANSACTION} step's decision) and the rows an update or
 * delete affected ({@link #rowsAffected(long)}, reported by the {@link Steps#UPDATE} and {@link Steps#DELETE} steps,
 * and by a step that replaces them).
 *
 * <pre>{@code
 * db.callbacks().query().before(Steps.QUERY).register("tenant:scope", (op, rows) -> {
 *     op.statement(op.statement().with(Where.of(Expr.of("tenant_id = ?", tenant))));
 *     return rows;                                    // SELECT ... WHERE tenant_id = $1 AND ...
 * });
 * }</pre>
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

    private final Builder spec;
    private final Executor executor;
    private Statement statement;
    private boolean transactional;
    private long rowsAffected;

    private Operation(Builder spec, Executor executor) {
        this.spec = spec;
        this.executor = executor;
        this.statement = spec.statement;
    }

    /** An operation on an executor of the test's choosing; the library builds them with {@link #builder}. */
    Operation(Kind kind, Db db, Executor executor, Session session, Statement statement, Class<?> resultType,
            int expectedStatements) {
        this(builder(kind, db, statement, resultType).session(session).expectedStatements(expectedStatements)
                .validated(), Objects.requireNonNull(executor, "executor must not be null"));
    }

    /**
     * Starts building an operation with the session options of {@code db}, one expected statement and nothing else
     * asked for. {@code Db} and {@code Query} build one per subscription; a {@link Callback}'s test may build one.
     *
     * @param kind the kind, which decides the chain and what the builder accepts
     * @param db the database view the operation is called on: its executor runs the SQL, and hooks receive it
     * @param statement the statement assembled so far
     * @param resultType what the operation emits: the model class, a DTO, a scalar type, {@code Map} for rows as maps,
     *     or {@code Void} for a raw statement run for its affected row count
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(Kind kind, Db db, Statement statement, Class<?> resultType) {
        return new Builder(kind, db, statement, resultType);
    }

    /** @return the operation's kind */
    public Kind kind() {
        return spec.kind;
    }

    /** @return the session options */
    public Session session() {
        return spec.session;
    }

    /** @return the database view the operation was called on */
    public Db db() {
        return spec.db;
    }

    /** @return whether soft-deleted rows are included (and deletes are for real) */
    public boolean unscoped() {
        return spec.unscoped;
    }

    /** @return what an update writes; null for other kinds */
    public @Nullable UpdatePlan updatePlan() {
        return spec.updatePlan;
    }

    /**
     * The entity an update or delete is about ({@code db.save(entity)}): when its {@code @Version} and key are set,
     * the statement requires that version, signals {@link dev.r2orm.OptimisticLockException} when no row has it, and
     * writes the new version into the entity on success.
     *
     * @return the entity, or null for an update or delete of whatever rows match
     */
    public @Nullable Object versionChecked() {
        return spec.versionChecked;
    }

    /** @return the SQL of a raw operation, or null for other kinds */
    public @Nullable Sql rawSql() {
        return spec.rawSql;
    }

    /**
     * @return the schema rows are mapped with: the builder's, else the statement's when it maps {@link #resultType()}
     *     (the model, a DTO, a record); null for scalars and maps
     */
    public @Nullable Schema resultSchema() {
        if (spec.resultSchema != null) {
            return spec.resultSchema;
        }
        Schema s = statement.schema();
        return s != null && s.type() == spec.resultType ? s : null;
    }

    /** @return the upsert rule of a create, or null for a plain insert */
    public @Nullable OnConflict onConflict() {
        return spec.onConflict;
    }

    /**
     * Whether a create writes a field under {@code select}/{@code omit}: primary keys, auto time fields and the
     * version are written unless omitted.
     *
     * @param f the field
     * @return true when selected (or nothing is selected) and not omitted
     */
    public boolean includes(Field f) {
        return spec.selection.includes(f);
    }

    /**
     * Whether a create writes an association under {@code select}/{@code omit}: omitted by name or with {@code "*"}
     * ({@code Associations.ALL}) means no; when names are selected, only selected associations are written.
     *
     * @param name the association's field name
     * @return true when it is written
     */
    public boolean includesAssociation(String name) {
        return spec.selection.includesAssociation(name);
    }

    /** @return the factory of the row mapper that replaces the result type's, or null */
    public @Nullable Supplier<BiFunction<Row, RowMetadata, Object>> rowMapper() {
        return spec.rowMapper;
    }

    /**
     * A new row mapper for one result: the builder's replacement ({@link Builder#rowMapper}), else that of
     * {@link #resultType()} (an entity with {@link #resultSchema()}, a map for {@code Map}, else the first column).
     *
     * @return the mapper; one per result, since entity mappers remember the result's column layout
     */
    public BiFunction<Row, RowMetadata, Object> newRowMapper() {
        return spec.rowMapper != null ? spec.rowMapper.get() : RowMappers.forType(spec.resultType, resultSchema());
    }

    /** @return the rows a query asks the driver for at a time; 0 lets the driver decide */
    public int fetchSize() {
        return spec.fetchSize;
    }

    /** @return whether an update or delete emits the rows it changed instead of its input */
    public boolean returning() {
        return spec.returning;
    }

    /** @return the rows the update or delete affected, once it ran; 0 before */
    public long rowsAffected() {
        return rowsAffected;
    }

    /**
     * Records the rows an update or delete affected, which its {@code Mono<Long>} emits once the chain completes: the
     * {@link Steps#UPDATE} and {@link Steps#DELETE} steps call it, and so should a step that replaces one of them.
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
     * Replaces the statement, for the steps after this one (a step that adds a condition, for example); steps call it
     * when they are applied, at subscription, before any step executes SQL.
     *
     * @param statement the new statement
     * @throws NullPointerException if {@code statement} is null
     */
    public void statement(Statement statement) {
        this.statement = Objects.requireNonNull(statement, "statement must not be null");
    }

    /** @return the model schema of the statement, or null for a table without a model */
    public @Nullable Schema schema() {
        return statement.schema();
    }

    /** @return what the operation emits: the model class, a DTO, a scalar type, {@code Map} or {@code Void} */
    public Class<?> resultType() {
        return spec.resultType;
    }

    /** @return how many statements the operation expects to run, {@link Integer#MAX_VALUE} when unknown */
    public int expectedStatements() {
        return spec.expectedStatements;
    }

    /** @return whether the operation will run in a transaction of its own (or join the caller's) */
    public boolean transactional() {
        return transactional;
    }

    /**
     * Asks for the operation to run in a transaction, joined when one is already open: {@link Steps#BEGIN_TRANSACTION}
     * (or a step that replaces it) decides, {@link Steps#COMMIT_OR_ROLLBACK} acts on it.
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
     * Runs work on a connection and emits what the work emits. Inside a transaction of this database found in the
     * subscriber's Reactor context (r2orm's own, or a Spring reactive transaction on the same connection factory) the
     * work runs on the transaction's connection; otherwise on a connection taken from the pool, which goes back when
     * the work completes or fails.
     *
     * <p>Errors: the work's own; {@link dev.r2orm.ConnectionUnavailableException} when the pool gives no usable
     * connection within the acquire timeout (other connect failures translated by the dialect);
     * {@link dev.r2orm.TransactionClosedException} when the transaction in the context was already committed or rolled
     * back.
     *
     * <p>On cancel: the work is cancelled. A cancel while waiting for the pool gives the borrow up. A connection of
     * its own goes back to the pool once it answers a validation (the driver first reads the cancelled statement's
     * answer to its end); when it does not answer within the dialect's grace, the statement is cancelled on the
     * server, and a connection still busy after the statement timeout is discarded rather than pooled. A
     * transaction's connection stays with its transaction, whose end decides what the cancel means
     * ({@link #inTransaction(Flux)}).
     *
     * @param work the work; it must finish (or be cancelled) before the connection is used again
     * @param <R> the element type
     * @return the work's elements
     */
    public <R> Flux<R> withConnection(Function<? super Connection, ? extends Publisher<R>> work) {
        return executor.withConnection(work);
    }

    /**
     * Runs a stream in a transaction and emits its elements. When the subscriber's Reactor context holds a transaction
     * of this database (r2orm's own or Spring's), the stream joins it as it is. Otherwise a connection is taken, a
     * transaction begun with default options, the stream run inside it, and the transaction committed when the
     * stream completes or rolled back when it fails; the connection is released either way.
     *
     * <p>Errors: the stream's own, with a failed rollback attached as suppressed; a failed BEGIN or COMMIT translated
     * to an {@link dev.r2orm.R2ormException} (a lost connection's COMMIT: {@link dev.r2orm.ConnectionLostException}).
     *
     * <p>On cancel: a transaction of its own is rolled back and its connection released, writes already sent run to
     * their end first; a cancel after elements were delivered ({@code next()}, {@code take(n)}) loses them and is
     * logged at WARN. A joined transaction sees only the stream cancelled: its owner commits or rolls back.
     *
     * @param body the stream
     * @param <R> the element type
     * @return the stream's elements, run in a transaction
     */
    public <R> Flux<R> inTransaction(Flux<R> body) {
        return executor.inTransaction(body);
    }

    /**
     * Executes a query on a connection and emits its rows mapped, as requested, asking the driver for
     * {@link #fetchSize()} rows at a time; logged once when the result ends. Inside a transaction, a streaming query
     * reads its remaining rows ahead when another statement of the transaction needs the connection.
     *
     * <p>Errors: translated by the dialect ({@link dev.r2orm.DuplicatedKeyException},
     * {@link dev.r2orm.UndefinedColumnException}, ...; each an {@link dev.r2orm.R2ormException} naming the SQL, not
     * its values); {@link dev.r2orm.StatementTimeoutException} past the statement timeout, which also closes the
     * connection; {@link dev.r2orm.ReadOnlyTransactionException} for a write in a read-only transaction the
     * database does not guard itself.
     *
     * <p>On cancel: the rows stop; the driver reads the rest of the answer before the connection runs another
     * statement. A statement that writes ({@code INSERT ... RETURNING}) inside a transaction on its connection is
     * not stopped: it runs to its end and the transaction's commit or rollback waits for it.
     *
     * @param connection the connection, from {@link #withConnection}
     * @param sql the statement
     * @param mapper maps a row; called on the driver's thread
     * @param <R> the mapped type
     * @return the mapped rows
     */
    public <R> Flux<R> query(Connection connection, Sql sql, BiFunction<Row, RowMetadata, R> mapper) {
        return executor.query(connection, sql, mapper, spec.fetchSize);
    }

    /**
     * Executes a statement on a connection and emits the rows it affected (summed over its results); logged once.
     *
     * <p>Errors: as {@link #query}: translated by the dialect, {@link dev.r2orm.StatementTimeoutException} past the
     * statement timeout, {@link dev.r2orm.ReadOnlyTransactionException} in a read-only transaction.
     *
     * <p>On cancel: inside a transaction on its connection the statement runs to its end anyway and the
     * transaction's commit or rollback waits for it. Outside one, only the waiting stops: a statement already sent
     * may still run on the server (and commit by itself); the connection goes back as {@link #withConnection} says.
     *
     * @param connection the connection, from {@link #withConnection}
     * @param sql the statement
     * @return the affected row count
     */
    public Mono<Long> update(Connection connection, Sql sql) {
        return executor.update(connection, sql);
    }

    /** @return the executor; for built-in steps */
    Executor executor() {
        return executor;
    }

    /**
     * What an operation is asked to do, set before it runs. Setters change this builder and return it; {@link #build()}
     * checks that what was set fits the kind and takes a copy, so changing the builder afterwards leaves the built
     * operations as they were. A builder is for one thread.
     *
     * <pre>{@code
     * Operation op = Operation.builder(Operation.Kind.QUERY, db, statement, User.class).unscoped(true).build();
     * }</pre>
     */
    public static final class Builder {

        private final Kind kind;
        private final Db db;
        private final Statement statement;
        private final Class<?> resultType;
        private Session session;
        private int expectedStatements = 1;
        private boolean unscoped;
        private @Nullable UpdatePlan updatePlan;
        private @Nullable Object versionChecked;
        private @Nullable Sql rawSql;
        private @Nullable Schema resultSchema;
        private boolean returning;
        private @Nullable Supplier<BiFunction<Row, RowMetadata, Object>> rowMapper;
        private int fetchSize;
        private @Nullable OnConflict onConflict;
        private Selection selection = Selection.ALL;

        private Builder(Kind kind, Db db, Statement statement, Class<?> resultType) {
            this.kind = Objects.requireNonNull(kind, "kind must not be null");
            this.db = Objects.requireNonNull(db, "db must not be null");
            this.statement = Objects.requireNonNull(statement, "statement must not be null");
            this.resultType = Objects.requireNonNull(resultType, "resultType must not be null");
            this.session = db.currentSession();
        }

        private Builder(Builder b) {
            this(b.kind, b.db, b.statement, b.resultType);
            session = b.session;
            expectedStatements = b.expectedStatements;
            unscoped = b.unscoped;
            updatePlan = b.updatePlan;
            versionChecked = b.versionChecked;
            rawSql = b.rawSql;
            resultSchema = b.resultSchema;
            returning = b.returning;
            rowMapper = b.rowMapper;
            fetchSize = b.fetchSize;
            onConflict = b.onConflict;
            selection = b.selection;
        }

        /**
         * Sets the session options (default: those of the builder's {@code db}).
         *
         * @param session the session options
         * @return this builder
         * @throws NullPointerException if {@code session} is null
         */
        public Builder session(Session session) {
            Objects.requireNonNull(session, "session must not be null");
            this.session = session;
            return this;
        }

        /**
         * Sets how many statements the operation will execute (default 1): more than one makes the
         * {@link Steps#BEGIN_TRANSACTION} step ask for a transaction, unless the session skips the default one.
         *
         * @param statements the count, {@link Integer#MAX_VALUE} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code statements} is less than 1
         */
        public Builder expectedStatements(int statements) {
            if (statements < 1) {
                throw new IllegalArgumentException("expectedStatements must be at least 1, was " + statements);
            }
            this.expectedStatements = statements;
            return this;
        }

        /**
         * Includes soft-deleted rows, and makes deletes remove rows for real (default: false).
         *
         * @param unscoped whether to ignore the soft-delete scope
         * @return this builder
         */
        public Builder unscoped(boolean unscoped) {
            this.unscoped = unscoped;
            return this;
        }

        /**
         * Sets what an update writes; required by, and only for, {@link Kind#UPDATE}.
         *
         * @param plan the plan
         * @return this builder
         * @throws NullPointerException if {@code plan} is null
         */
        public Builder updatePlan(UpdatePlan plan) {
            Objects.requireNonNull(plan, "plan must not be null");
            this.updatePlan = plan;
            return this;
        }

        /**
         * Names the entity an update or delete is about, whose {@code @Version} it checks (see
         * {@link Operation#versionChecked()}).
         *
         * @param entity the entity, or null for whatever rows match
         * @return this builder
         */
        public Builder checkVersionOf(@Nullable Object entity) {
            this.versionChecked = entity;
            return this;
        }

        /**
         * Sets the SQL of a raw operation; required by, and only for, {@link Kind#RAW}.
         *
         * @param sql the SQL
         * @return this builder
         * @throws NullPointerException if {@code sql} is null
         */
        public Builder rawSql(Sql sql) {
            Objects.requireNonNull(sql, "sql must not be null");
            this.rawSql = sql;
            return this;
        }

        /**
         * Sets the schema the rows of a query or raw read are mapped with (see {@link Operation#resultSchema()}).
         *
         * @param schema the result type's schema, or null for the statement's when it maps the result type
         * @return this builder
         */
        public Builder resultSchema(@Nullable Schema schema) {
            this.resultSchema = schema;
            return this;
        }

        /**
         * Replaces the row mapper of a query or raw read, for reads that need more than an entity per row (such as
         * the owner key of a many-to-many preload).
         *
         * @param mapper makes one mapper per result, or null for the result type's
         * @return this builder
         */
        public Builder rowMapper(@Nullable Supplier<BiFunction<Row, RowMetadata, Object>> mapper) {
            this.rowMapper = mapper;
            return this;
        }

        /**
         * Sets the rows a query or raw read asks the driver for at a time (default 0: the driver decides).
         *
         * @param rows at least 1, or 0
         * @return this builder
         * @throws IllegalArgumentException if {@code rows} is negative
         */
        public Builder fetchSize(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("fetchSize must not be negative, was " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * Makes an update or delete emit the rows it changed ({@code RETURNING}) instead of its input.
         *
         * @param returning whether to return rows
         * @return this builder
         */
        public Builder returning(boolean returning) {
            this.returning = returning;
            return this;
        }

        /**
         * Makes a create an upsert.
         *
         * @param onConflict what to do with rows whose key exists, or null for a plain insert
         * @return this builder
         */
        public Builder onConflict(@Nullable OnConflict onConflict) {
            this.onConflict = onConflict;
            return this;
        }

        /**
         * Limits what a create writes, as {@code select(...)} and {@code omit(...)} of a query do: names of the
         * statement's model's associations (and {@code Associations.ALL}) select or omit associations, every other
         * name a field or column (see {@link Operation#includes} and {@link Operation#includesAssociation}).
         *
         * @param selected names to write (empty: every field, and the associations)
         * @param omitted names never written
         * @return this builder
         * @throws dev.r2orm.InvalidModelException if an association of the model is declared wrongly
         */
        public Builder selection(Set<String> selected, Set<String> omitted) {
            Schema schema = statement.schema();
            Selection split = Selection.of(selected, omitted, schema == null || selected.isEmpty() && omitted.isEmpty()
                    ? Map.of() : db.associations(schema.type()));
            this.selection = split;
            return this;
        }

        /**
         * Builds the operation, on the executor of the builder's {@code db}.
         *
         * @return a new operation, ready for one run of its chain
         * @throws IllegalStateException if an update has no plan or a raw operation no SQL, or if something was set
         *     that the kind does not use (a plan, SQL, {@code returning}, a version check, an upsert rule, a selection,
         *     a result schema, a row mapper or a fetch size)
         */
        public Operation build() {
            return new Operation(new Builder(this).validated(), DbAccess.executor(db));
        }

        private Builder validated() {
            require(updatePlan != null || kind != Kind.UPDATE, "an update needs an update plan");
            require(rawSql != null || kind != Kind.RAW, "a raw operation needs its SQL");
            require(updatePlan == null || kind == Kind.UPDATE, "an update plan is for UPDATE only");
            require(rawSql == null || kind == Kind.RAW, "raw SQL is for RAW only");
            boolean write = kind == Kind.UPDATE || kind == Kind.DELETE;
            require(!returning || write, "returning is for UPDATE and DELETE only");
            require(versionChecked == null || write, "checkVersionOf is for UPDATE and DELETE only");
            require(onConflict == null && selection.isAll() || kind == Kind.CREATE,
                    "an upsert rule or a selection is for CREATE only");
            boolean read = kind == Kind.QUERY || kind == Kind.RAW;
            require(resultSchema == null && rowMapper == null && fetchSize == 0 || read,
                    "a result schema, a row mapper or a fetch size is for QUERY and RAW only");
            return this;
        }

        private void require(boolean ok, String rule) {
            if (!ok) {
                throw new IllegalStateException("cannot build a " + kind + " operation: " + rule);
            }
        }
    }
}
