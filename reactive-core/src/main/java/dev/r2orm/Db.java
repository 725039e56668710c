package dev.r2orm;

import dev.r2orm.callbacks.Callbacks;
import dev.r2orm.callbacks.Operation;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.Dialects;
import dev.r2orm.internal.DbAccess;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.TxState;
import dev.r2orm.migrator.Migrator;
import dev.r2orm.schema.Schema;
import dev.r2orm.schema.SchemaCache;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entry point: a pooled handle on one database. Thread-safe; open one per database and share it.
 *
 * <pre>{@code
 * Db db = Db.open("r2dbc:h2:mem:///demo");
 * db.migrator().autoMigrate(User.class)
 *   .then(db.create(new User("Alice", 30)))                                  // INSERT ... RETURNING "id"
 *   .thenMany(db.model(User.class).where("age > ?", 18).order("name").find()) // SELECT * FROM "users" WHERE age > $1 ORDER BY "name"
 *   .subscribe(System.out::println);
 * }</pre>
 *
 * <p>Every operation is lazy: nothing touches the database before subscription, and each subscription runs it
 * again. Each operation takes a connection from the pool and gives it back when it completes, fails or is cancelled.
 * Operations subscribed inside a transaction of this {@code Db} (carried in the Reactor context) use that
 * transaction's connection instead.
 *
 * <p>A {@code Db} is cheap to derive: {@link #session(Session)} returns a view with other options that shares the
 * pool, the schemas and the callbacks.
 */
public final class Db implements DbOperations, AutoCloseable {

    private final Core core;
    private final Session session;
    private final @Nullable TxState bound;

    private record Core(Executor executor, @Nullable ConnectionPool ownedPool, @Nullable ConnectionPool pool,
            Config config, SchemaCache schemas, Callbacks callbacks,
            ConcurrentMap<Object, List<OrderBy.Item>> orders, Plugins plugins) {
    }

    /** The most ordering terms {@link #ordering} keeps: order texts built at run time are parsed each time past it. */
    private static final int MAX_ORDERINGS = 512;

    static {
        DbAccess.install(Db.class, Db::executor);
    }

    private Db(Core core, Session session, @Nullable TxState bound) {
        this.core = core;
        this.session = session;
        this.bound = bound;
    }

    /**
     * Opens a pooled database from an R2DBC URL, with the default {@link Config}.
     *
     * <p>An H2 URL gets {@code DATABASE_TO_LOWER=TRUE} unless it sets the case itself, so unquoted names in
     * conditions ({@code where("age > ?")}) find r2orm's lower-case columns, as on PostgreSQL. An in-memory H2 URL
     * ({@code r2dbc:h2:mem:///name}) also gets {@code DB_CLOSE_DELAY=-1}, so the database lives as long as the JVM
     * rather than vanishing when the pool closes its last idle connection.
     *
     * @param url an R2DBC URL, for example {@code r2dbc:postgresql://user@localhost:5432/app}
     * @return the database; no connection is opened before the first operation
     * @throws IllegalArgumentException if no driver accepts the URL
     * @throws UnsupportedByDialectException if no dialect serves the driver
     */
    public static Db open(String url) {
        return open(url, Config.defaults());
    }

    /**
     * Opens a pooled database from an R2DBC URL.
     *
     * @param url an R2DBC URL
     * @param config the configuration
     * @return the database
     * @throws IllegalArgumentException if no driver accepts the URL
     * @throws UnsupportedByDialectException if no dialect serves the driver
     */
    public static Db open(String url, Config config) {
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(config, "config must not be null");
        return open(ConnectionFactories.get(PoolSetup.options(url, config)), config);
    }

    /**
     * Opens a database on a connection factory. A plain factory is wrapped in a pool with the limits of
     * {@code config}, and {@link #close()} closes that pool; an {@link ConnectionPool} is used as it is and stays
     * the caller's to close.
     *
     * @param factory the connection factory or pool
     * @param config the configuration
     * @return the database
     * @throws UnsupportedByDialectException if {@code config} names no dialect and none serves the driver
     */
    public static Db open(ConnectionFactory factory, Config config) {
        Objects.requireNonNull(factory, "factory must not be null");
        Objects.requireNonNull(config, "config must not be null");
        Dialect dialect = config.dialect() != null ? config.dialect() : Dialects.find(factory.getMetadata());
        ConnectionPool owned = null;
        ConnectionPool pool;
        if (factory instanceof ConnectionPool) {
            pool = (ConnectionPool) factory;
        } else {
            owned = PoolSetup.pool(factory, config, dialect);
            pool = owned;
        }
        Executor executor = new Executor(pool, dialect, config.logger(), config.acquireTimeout(),
                config.statementTimeout());
        Core core = new Core(executor, owned, pool, config, new SchemaCache(config.namingStrategy()),
                Callbacks.defaults(), new ConcurrentHashMap<>(), new Plugins());
        Db db = new Db(core, config.session(), null);
        try {
            for (Plugin p : config.plugins()) {
                db.use(p);
            }
            if (config.development() && !db.plugins().containsKey("n+1")) {
                db.use(NPlusOneDetector.threshold(NPlusOneDetector.DEFAULT_THRESHOLD));
            }
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * A view of this database with other session options; it shares the pool, schemas and callbacks.
     *
     * @param session the options
     * @return the view
     */
    public Db session(Session session) {
        return new Db(core, Objects.requireNonNull(session, "session must not be null"), bound);
    }

    /** @return this view's session options */
    public Session currentSession() {
        return session;
    }

    @Override
    public <T> Mono<T> create(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        return createAll(List.of(entity)).single();
    }

    @Override
    public <T> Flux<T> createAll(List<T> entities) {
        Objects.requireNonNull(entities, "entities must not be null");
        if (entities.isEmpty()) {
            return Flux.empty();
        }
        Class<?> type = Objects.requireNonNull(entities.get(0), "entities must not hold null").getClass();
        @SuppressWarnings("unchecked")
        Class<T> model = (Class<T>) type;
        return Flux.defer(() -> createAll(new ArrayList<Object>(entities), core.schemas.get(model), Set.of(), Set.of(),
                null)).map(model::cast);
    }

    @Override
    public <T> Flux<T> createInBatches(Publisher<? extends T> source, int batchSize) {
        Objects.requireNonNull(source, "source must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("createInBatches: batchSize must be at least 1, was " + batchSize);
        }
        return BatchWrites.inChunks(this, source, batchSize, Set.of());
    }

    @Override
    public <T> Mono<Long> copyIn(Class<T> type, Publisher<? extends T> source) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(source, "source must not be null");
        Schema schema = core.schemas.get(type);
        return intercepted("copyIn", schema.table(), type, false, 0, BatchWrites.copyIn(this, schema, source));
    }

    Flux<Object> createAll(List<Object> rows, Schema schema, Set<String> selected, Set<String> omitted,
            dev.r2orm.clause.@Nullable OnConflict onConflict) {
        for (Object e : rows) {
            Objects.requireNonNull(e, "entities must not hold null");
            if (e.getClass() != schema.type() && !(e instanceof Map)) {
                throw new IllegalArgumentException("createAll needs entities of one class, got "
                        + schema.type().getName() + " and " + e.getClass().getName());
            }
        }
        if (rows.isEmpty()) {
            return Flux.empty();
        }
        return intercepted("create", schema.table(), schema.type(), false, rows.size(), bound(Flux.defer(() -> {
            int perStatement = dialect().rowsPerInsert(schema.fields().size());
            if (session.createBatchSize() > 0) {
                perStatement = Math.min(perStatement, session.createBatchSize());
            }
            int statements = (rows.size() + perStatement - 1) / perStatement;
            Map<String, dev.r2orm.schema.Relation> relations = core.schemas.relations(schema);
            boolean withAssociations = !relations.isEmpty() && rows.stream().anyMatch(e -> !(e instanceof Map)
                    && relations.values().stream().anyMatch(r -> !r.targets(e).isEmpty()));
            Operation op = Operation.builder(Operation.Kind.CREATE, this, Statement.of(schema.table(), schema),
                    schema.type()).expectedStatements(withAssociations ? 2 : statements)
                    .selection(selected, omitted).onConflict(onConflict).build();
            return core.callbacks.create().run(op, Flux.fromIterable(rows));
        })));
    }

    @Override
    public <T> Query<T> model(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        Schema schema = core.schemas.get(type);
        return new Query<>(this, type, Statement.of(schema.table(), schema), null);
    }

    @Override
    public <T> Query<T> model(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) entity.getClass();
        Schema schema = core.schemas.get(type);
        Statement st = Statement.of(schema.table(), schema);
        List<dev.r2orm.clause.Expression> keys = new ArrayList<>();
        for (dev.r2orm.schema.Field pk : schema.primaryKeys()) {
            Object v = pk.get(entity);
            if (!pk.isZero(v)) {
                keys.add(new dev.r2orm.clause.Eq(new dev.r2orm.clause.Column(schema.table(), pk.column()), v,
                        pk.boxedType()));
            }
        }
        if (!keys.isEmpty() && keys.size() == schema.primaryKeys().size()) {
            st = st.with(new dev.r2orm.clause.Where(keys));
        }
        return new Query<>(this, type, st, entity);
    }

    @Override
    public Query<Map<String, Object>> table(String name) {
        Objects.requireNonNull(name, "name must not be null");
        java.util.regex.Matcher m = TABLE.matcher(name.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("table: '" + (name.length() > 100 ? name.substring(0, 100) + "..." : name)
                    + "' is not a table name (name, or name alias); for"
                    + " a subquery use table(String, Object, Object...) with the query as an argument");
        }
        String table = m.group(1);
        String alias = m.group(2);
        int dot = table.indexOf('.');
        dev.r2orm.clause.From from = dot < 0 ? new dev.r2orm.clause.From(table, alias, null)
                : new dev.r2orm.clause.From(null, null, w -> {
                    w.identifier(table.substring(0, dot)).keyword(".").identifier(table.substring(dot + 1));
                    if (alias != null) {
                        w.keyword(" ").identifier(alias);
                    }
                });
        Statement st = Statement.of(dot < 0 ? table : table.substring(dot + 1), null).with(from);
        return new Query<>(this, mapType(), st, null);
    }

    @Override
    public Query<Map<String, Object>> table(String sql, Object arg, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = arg;
        System.arraycopy(more, 0, args, 1, more.length);
        dev.r2orm.clause.Expr source = dev.r2orm.clause.Expr.of(sql, args);
        Statement st = Statement.of("r2orm_subquery", null).with(new dev.r2orm.clause.From(null, null, source));
        return new Query<>(this, mapType(), st, null);
    }

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)(?:\\s+(?:(?i:as)\\s+)?([A-Za-z_][A-Za-z0-9_]*))?");

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Map<String, Object>> mapType() {
        return (Class) Map.class;
    }

    @Override
    public <T> Mono<T> save(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        return Mono.defer(() -> {
            Schema schema = core.schemas.get(entity.getClass());
            boolean keyed = !schema.primaryKeys().isEmpty()
                    && schema.primaryKeys().stream().noneMatch(pk -> pk.isZero(pk.get(entity)));
            if (!keyed) {
                return create(entity);
            }
            Mono<T> work = model(entity).runUpdate(dev.r2orm.callbacks.UpdatePlan.allFields(), true)
                    .flatMap(rows -> rows > 0 ? Mono.just(entity)
                            : session(session.withoutHooks()).create(entity));
            return session.skipDefaultTransaction() || session.dryRun() ? work
                    : bound(core.executor.inTransaction(work.flux())).single();
        });
    }

    @Override
    public <T> Mono<Long> delete(T entity) {
        return model(entity).delete();
    }

    @Override
    public Raw raw(String sql, @Nullable Object arg, @Nullable Object... more) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql, arg, more));
    }

    @Override
    public Raw raw(String sql, @Nullable Object arg) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql, arg));
    }

    @Override
    public Raw raw(String sql) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql));
    }

    @Override
    public Mono<Long> exec(dev.r2orm.clause.Sql sql) {
        Objects.requireNonNull(sql, "sql must not be null");
        return new Raw(this, sql).exec();
    }

    @Override
    public Mono<Long> exec(String sql, @Nullable Object arg, @Nullable Object... more) {
        return raw(sql, arg, more).exec();
    }

    @Override
    public Mono<Long> exec(String sql, @Nullable Object arg) {
        return raw(sql, arg).exec();
    }

    @Override
    public Mono<Long> exec(String sql) {
        return raw(sql).exec();
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public <R> Flux<R> transaction(Function<Tx, ? extends Publisher<R>> work) {
        return transaction(TxOptions.DEFAULT, work);
    }

    @Override
    public <R> Mono<R> transactionMono(Function<Tx, ? extends Mono<R>> work) {
        return transaction(TxOptions.DEFAULT, work).singleOrEmpty();
    }

    /**
     * Runs a function that produces one value in a transaction with options; see {@link #transaction(Function)}.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param options the options
     * @param work the transaction function
     * @param <R> the value type
     * @return the value, once committed; the function's error, after the rollback, or the translated error of the BEGIN
     *     or COMMIT ({@link ConnectionUnavailableException} when no connection could be had); with retries, the last
     *     error
     */
    public <R> Mono<R> transactionMono(TxOptions options, Function<Tx, ? extends Mono<R>> work) {
        return transaction(options, work).singleOrEmpty();
    }

    /**
     * Runs a function in a transaction with options: isolation, read-only, and retries of the whole function after
     * a failure that left nothing committed (see {@link TxOptions}). See {@link #transaction(Function)}.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param options the options
     * @param work the transaction function
     * @param <R> the element type
     * @return the function's elements; the function's error, after the rollback, or the translated error of the BEGIN
     *     or COMMIT ({@link ConnectionUnavailableException} when no connection could be had); with retries, the last
     *     error
     */
    public <R> Flux<R> transaction(TxOptions options, Function<Tx, ? extends Publisher<R>> work) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(work, "work must not be null");
        Flux<R> run = core.executor.transaction(options, state -> work.apply(new Tx(bound(state), state, false)));
        return intercepted("transaction", null, null, options.readOnly(), 0,
                bound == null ? run : core.executor.bind(run, bound));
    }

    /**
     * Runs an existing pipeline in a transaction (committed when it completes): its r2orm operations join it.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param pipeline the pipeline
     * @param <R> the element type
     * @return the pipeline's elements; the pipeline's error, after the rollback, or the translated error of the BEGIN
     *     or COMMIT
     */
    public <R> Flux<R> transactional(Flux<R> pipeline) {
        return transaction(tx -> pipeline);
    }

    /**
     * Runs an existing {@code Mono} in a transaction: its r2orm operations join it.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param pipeline the pipeline
     * @param <R> the value type
     * @return the pipeline's value; the pipeline's error, after the rollback, or the translated error of the BEGIN or
     *     COMMIT
     */
    public <R> Mono<R> transactional(Mono<R> pipeline) {
        return transaction(tx -> pipeline).singleOrEmpty();
    }

    /**
     * Begins a transaction controlled by hand: its {@link Tx} runs operations on the transaction's connection until
     * {@link Tx#commit()} or {@link Tx#rollback()}, which release the connection. Forgetting both keeps the
     * connection out of the pool; prefer {@link #transaction(Function)}.
     *
     * <p>Cancelled before it emits (while waiting for the pool or during {@code BEGIN}), the transaction is rolled
     * back and its connection released. Once emitted, the {@link Tx} belongs to the subscriber: an operator that
     * drops an element racing its own cancel (such as {@code take(Duration)} or {@code timeout} on this Mono) loses
     * it with its connection, which {@link #transaction(Function)} cannot do.
     *
     * @return the open transaction; errors with {@link R2ormException} if no connection or no {@code BEGIN}
     */
    public Mono<Tx> begin() {
        return begin(TxOptions.DEFAULT);
    }

    /**
     * Begins a transaction by hand with options (retries do not apply to a manual transaction).
     *
     * <p>Cancelling before the transaction is delivered gives up the borrow, or rolls back and releases the connection
     * it took.
     *
     * @param options isolation and read-only
     * @return the open transaction; errors with {@link R2ormException} if no connection
     *     ({@link ConnectionUnavailableException}) or no {@code BEGIN}
     */
    public Mono<Tx> begin(TxOptions options) {
        return core.executor.begin(options).map(state -> new Tx(bound(state), state, true));
    }

    private Db bound(TxState state) {
        return new Db(core, session, state);
    }

    /**
     * Runs an operation's stream in the transaction this view is bound to ({@link Tx#db()}), if any.
     *
     * @param operation the operation's stream
     * @param <R> the element type
     * @return the stream, bound
     */
    <R> Flux<R> bound(Flux<R> operation) {
        Flux<R> timed = core.executor.withStatementTimeout(operation, session.statementTimeout());
        return bound == null ? timed : core.executor.bind(timed, bound);
    }

    /** @return the schema migrator of this database */
    public Migrator migrator() {
        return new Migrator(core.executor, core.schemas, session, core.config.foreignKeys());
    }

    /** @return the callback chains, to register plugins (shared by every session view) */
    public Callbacks callbacks() {
        return core.callbacks;
    }

    /**
     * Installs a plugin on this database (every view of it: sessions, transactions), GORM's {@code db.Use}: runs its
     * {@link Plugin#initialize}, which may register callback steps, interceptors and a connection factory wrapper.
     * Meant for start-up, before operations run; an operation already running keeps what it started with.
     *
     * <pre>{@code
     * Db db = Db.open(url).use(ObservationPlugin.of(observationRegistry));
     * }</pre>
     *
     * @param plugin the plugin
     * @return this database
     * @throws IllegalArgumentException if this plugin, or another with its name, is installed already, or its name
     *     is blank; the database is left as it was
     * @throws RuntimeException what the plugin's {@code initialize} throws; the callback steps it had registered are
     *     removed again, and neither its interceptors nor its wrapper take effect
     */
    public Db use(Plugin plugin) {
        core.plugins.install(this, core.executor, plugin);
        return this;
    }

    /**
     * The plugins installed, by name, in the order they were installed.
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, Plugin> plugins() {
        return core.plugins.installed();
    }

    /**
     * Runs work as one operation of this database, under a name of its own, through the interceptors of the installed
     * plugins ({@link Interceptor}): for an extension's operations (reactive-migrate runs each migration file as
     * {@code "migration"}). Statements it runs through r2orm are the operation's ({@link Invocation#statements()}),
     * operations it starts are its children. Without plugins it returns {@code work} itself. The operation counts as a
     * write.
     *
     * @param name the operation's name, one of a few (it becomes a metric's tag)
     * @param collection the table it works on, or null
     * @param work the work
     * @param <T> the element type
     * @return the work as the interceptors wrap it: its elements and its error; cancelling it cancels the work
     */
    public <T> Flux<T> operation(String name, @Nullable String collection, Flux<T> work) {
        Objects.requireNonNull(name, "name must not be null");
        return intercepted(name, collection, null, false, 0, Objects.requireNonNull(work, "work must not be null"));
    }

    /**
     * {@link #operation(String, String, Flux)} for work of one value.
     *
     * @param name the operation's name
     * @param collection the table it works on, or null
     * @param work the work
     * @param <T> the value type
     * @return the work as the interceptors wrap it: its value and its error; cancelling it cancels the work
     */
    public <T> Mono<T> operation(String name, @Nullable String collection, Mono<T> work) {
        Objects.requireNonNull(name, "name must not be null");
        return intercepted(name, collection, null, false, 0, Objects.requireNonNull(work, "work must not be null"));
    }

    /** @return whether a plugin intercepts operations (what describes one need not be worked out otherwise) */
    boolean intercepting() {
        return core.plugins.interceptors().length > 0;
    }

    /** Runs an operation through the installed plugins' interceptors: see {@link Plugins#intercepted}. */
    <T> Flux<T> intercepted(String operation, @Nullable String collection, @Nullable Class<?> model, boolean reads,
            int batchSize, Flux<T> work) {
        return core.plugins.intercepted(this, operation, collection, model, reads, batchSize, work);
    }

    /** Runs an operation of one value through the installed plugins' interceptors. */
    <T> Mono<T> intercepted(String operation, @Nullable String collection, @Nullable Class<?> model, boolean reads,
            int batchSize, Mono<T> work) {
        return core.plugins.intercepted(this, operation, collection, model, reads, batchSize, work);
    }

    /** @return the dialect; once a connection has been made, the one refined by the server's version */
    public Dialect dialect() {
        return core.executor.dialect();
    }

    /**
     * The mapping of a model class.
     *
     * @param type the model class
     * @return its schema, parsed once
     * @throws InvalidModelException if the class cannot be mapped
     */
    public Schema schema(Class<?> type) {
        return core.schemas.get(type);
    }

    /** @return the configuration */
    public Config config() {
        return core.config;
    }

    /**
     * The pooled connection factory, for work r2orm does not cover. A connection taken from it is the caller's to
     * close; holding it keeps it out of the pool.
     *
     * @return the pool
     */
    public ConnectionFactory connectionFactory() {
        return core.executor.factory();
    }

    /** @return the pool's state, when the pool reports metrics */
    public Optional<PoolStatus> poolStatus() {
        ConnectionPool pool = core.pool;
        if (pool == null) {
            return Optional.empty();
        }
        Optional<PoolMetrics> m = pool.getMetrics();
        return m.map(x -> new PoolStatus(x.acquiredSize(), x.idleSize(), x.pendingAcquireSize(), x.allocatedSize(),
                x.getMaxAllocatedSize()));
    }

    /**
     * Closes the installed plugins ({@link Plugin#closeLater()}) and the pool r2orm created, when subscribed: waits
     * (up to the acquire timeout) for connections still in use, which come back asynchronously after a cancel, then
     * closes every connection. A pool passed to {@link #open(ConnectionFactory, Config)} is left open.
     *
     * <p>Cancelling while it waits for the connections in use leaves the pool open; cancelled once the pool's close has
     * begun, it may leave the pool partly closed.
     *
     * @return completes when the pool is closed; an {@link IllegalArgumentException} of the pool's close is reported
     *     to the logger at WARN, not signalled
     */
    public Mono<Void> closeLater() {
        return core.plugins.closeLater().then(Mono.defer(() -> {
            ConnectionPool owned = core.ownedPool;
            return owned == null ? Mono.<Void>empty() : PoolSetup.closeLater(owned, core.config);
        }));
    }

    /**
     * Closes the pool r2orm created, as {@link #closeLater()} does, blocking the calling thread until it is closed.
     * For shutdown hooks, {@code main} methods and try-with-resources; reactive code uses {@link #closeLater()}.
     */
    @Override
    public void close() {
        core.plugins.close();
        ConnectionPool owned = core.ownedPool;
        if (owned != null) {
            PoolSetup.close(owned, core.config);
        }
    }

    @Override
    public <A> BatchAssociation<A> association(List<?> owners, String name, Class<A> type) {
        Objects.requireNonNull(owners, "owners must not be null");
        if (!owners.isEmpty()) {
            model(owners.get(0)).association(name, type);
        }
        return new BatchAssociation<>(this, owners, name, type);
    }

    /**
     * The associations of a model class, resolved on first use.
     *
     * @param type the model class
     * @return its associations by lower-case field name
     * @throws InvalidModelException when an association is declared wrongly
     */
    public Map<String, dev.r2orm.schema.Relation> associations(Class<?> type) {
        return core.schemas.relations(core.schemas.get(type));
    }

    SchemaCache schemas() {
        return core.schemas;
    }

    Executor executor() {
        return core.executor;
    }

    /**
     * Ordering terms worked out once per key and kept for the life of this database (for every view of it): the
     * primary-key order of {@code first}/{@code last}, the parsed text of {@code order("...")}. Past
     * {@value #MAX_ORDERINGS} keys they are worked out on every call.
     *
     * @param key what the terms depend on (the model's schema and the text); equal keys give equal terms
     * @param make works the terms out
     * @return the terms, unmodifiable
     */
    List<OrderBy.Item> ordering(Object key, Supplier<List<OrderBy.Item>> make) {
        List<OrderBy.Item> known = core.orders.get(key);
        if (known != null) {
            return known;
        }
        List<OrderBy.Item> made = List.copyOf(make.get());
        if (core.orders.size() < MAX_ORDERINGS) {
            core.orders.putIfAbsent(key, made);
        }
        return made;
    }

    Callbacks callbacksInternal() {
        return core.callbacks;
    }

    @Override
    public String toString() {
        return "Db[" + dialect().name() + ", " + session + "]";
    }
}
