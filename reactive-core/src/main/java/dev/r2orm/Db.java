package dev.r2orm;

import dev.r2orm.callbacks.Callbacks;
import dev.r2orm.callbacks.Operation;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.Dialects;
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
public final class Db implements AutoCloseable {

    private final Core core;
    private final Session session;
    private final @Nullable TxState bound;

    private record Core(Executor executor, @Nullable ConnectionPool ownedPool, @Nullable ConnectionPool pool,
            Config config, SchemaCache schemas, Callbacks callbacks,
            ConcurrentMap<Object, List<OrderBy.Item>> orders) {
    }

    /** The most ordering terms {@link #ordering} keeps: order texts built at run time are parsed each time past it. */
    private static final int MAX_ORDERINGS = 512;

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
                Callbacks.defaults(), new ConcurrentHashMap<>());
        return new Db(core, config.session(), null);
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

    /**
     * Inserts one entity. An unset auto-increment key is back-filled ({@code RETURNING} on PostgreSQL, H2's
     * generated keys, MariaDB's {@code RETURNING}, MySQL's {@code LAST_INSERT_ID()}), and unset {@code createdAt}
     * and {@code updatedAt} fields are set to the current time.
     *
     * <pre>{@code
     * db.create(new User("Alice", 30))   // INSERT INTO "users" ("name","age","created_at") VALUES ($1,$2,$3) RETURNING "id"
     * }</pre>
     *
     * @param entity a mapped class or record instance
     * @param <T> the model type
     * @return the created entity: the same instance, filled in, for a class; a new record for a record. Signals
     *     {@link DuplicatedKeyException} (and the other {@link ConstraintViolationException}s) when a constraint is
     *     broken, {@link InvalidModelException} when the class cannot be mapped. Cancelling before the INSERT
     *     completes may or may not leave the row written.
     */
    public <T> Mono<T> create(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        return createAll(List.of(entity)).single();
    }

    /**
     * Inserts entities of one class with one multi-row {@code INSERT} (split into several only when the rows exceed
     * the dialect's bind-value limit; those run in one transaction). Keys and timestamps are back-filled in order.
     *
     * <pre>{@code
     * db.createAll(List.of(a, b, c))   // INSERT INTO "users" ("name","age") VALUES ($1,$2),($3,$4),($5,$6) RETURNING "id"
     * }</pre>
     *
     * @param entities the entities, all of the same class; empty emits nothing
     * @param <T> the model type
     * @return the created entities in order (new instances for records). Errors as {@link #create(Object)}; on an
     *     error no row of the call is left written. Cancelling rolls back a multi-statement create.
     * @throws IllegalArgumentException if the entities are not all of one class
     */
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

    /**
     * Inserts a stream of entities in chunks, with backpressure: it requests {@code batchSize} entities from the
     * source, writes them as multi-row {@code INSERT}s (as {@link #createAll(List)} does: split to the dialect's
     * bind-value limit and the session's {@code createBatchSize}, keys and timestamps back-filled, hooks run), emits
     * them once the chunk is written (and, outside a transaction, committed), and meanwhile requests the next chunk:
     * at most two chunks are held at once, and a slow database or a slow subscriber slows the source down. Never uses
     * {@code Statement.add()}, which costs one round trip per row.
     *
     * <pre>{@code
     * db.createInBatches(users, 1000)             // users: a Flux<User> of any length
     *         .map(u -> u.id)                       // keys back-filled
     * }</pre>
     *
     * <p>Outside a transaction each chunk commits on its own; inside one ({@link #transaction}), every chunk
     * commits with it or none does.
     *
     * @param source the entities, all of one class; an empty source emits nothing
     * @param batchSize the entities per chunk, at least 1
     * @param <T> the model type
     * @return the created entities in source order (new instances for records). A failed chunk signals
     *     {@link BatchFailedException}, naming the chunk and carrying the typed error as its cause; the earlier
     *     chunks stay committed outside a transaction. An error of the source is passed on as it is, after the
     *     chunks before it. Cancelling stops requesting the source; a chunk whose write is in flight is rolled back
     *     when it takes several statements, and may or may not be written when it takes one.
     * @throws IllegalArgumentException when batchSize is below 1
     */
    public <T> Flux<T> createInBatches(Publisher<? extends T> source, int batchSize) {
        Objects.requireNonNull(source, "source must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("createInBatches: batchSize must be at least 1, was " + batchSize);
        }
        return BatchWrites.inChunks(this, source, batchSize, Set.of());
    }

    /**
     * Bulk-loads a stream of entities, for loads that need no keys back. On PostgreSQL it runs one
     * {@code COPY "t" (...) FROM STDIN}, fed as the server takes the rows (several times faster than INSERTs); on
     * other dialects it falls back to {@link #createInBatches} in chunks of {@value BatchWrites#COPY_FALLBACK_CHUNK}. Either
     * way auto timestamps are filled and values go through the fields' converters, while hooks do not run and
     * associations are not written. The columns are those of the first entity: a key or a column with a database
     * default that is unset in it is left to the database, and then must be unset in every entity.
     *
     * <pre>{@code
     * db.copyIn(Event.class, events)   // Flux<Event> of any length; emits the rows loaded
     * }</pre>
     *
     * @param type the model class
     * @param source the entities
     * @param <T> the model type
     * @return the rows loaded; 0 for an empty source or a dry run (which logs the statements and writes nothing).
     *     Errors are typed as for {@link #create(Object)}; {@link IllegalArgumentException} for an entity that does
     *     not fit the first one's columns, {@link UnsupportedByDialectException} for a value with no text form. On
     *     PostgreSQL a failed or cancelled load writes nothing; on the fallback each chunk commits on its own
     *     outside a transaction ({@link BatchFailedException} names the failing one): run it in
     *     {@link #transaction} for all or nothing everywhere.
     * @throws InvalidModelException if the class cannot be mapped
     */
    public <T> Mono<Long> copyIn(Class<T> type, Publisher<? extends T> source) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(source, "source must not be null");
        return BatchWrites.copyIn(this, core.schemas.get(type), source);
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
        return bound(Flux.defer(() -> {
            int perStatement = dialect().rowsPerInsert(schema.fields().size());
            if (session.createBatchSize() > 0) {
                perStatement = Math.min(perStatement, session.createBatchSize());
            }
            int statements = (rows.size() + perStatement - 1) / perStatement;
            Set<String> fieldsSelected = new java.util.HashSet<>();
            Set<String> fieldsOmitted = new java.util.HashSet<>();
            Set<String> associationsSelected = new java.util.HashSet<>();
            Set<String> associationsOmitted = new java.util.HashSet<>();
            Map<String, dev.r2orm.schema.Relation> relations = core.schemas.relations(schema);
            for (String n : selected) {
                boolean association = n.equals(Associations.ALL) || relations.containsKey(n.toLowerCase(java.util.Locale.ROOT));
                (association ? associationsSelected : fieldsSelected).add(n);
            }
            for (String n : omitted) {
                boolean association = n.equals(Associations.ALL) || relations.containsKey(n.toLowerCase(java.util.Locale.ROOT));
                (association ? associationsOmitted : fieldsOmitted).add(n);
            }
            boolean withAssociations = !relations.isEmpty() && rows.stream().anyMatch(e -> !(e instanceof Map)
                    && relations.values().stream().anyMatch(r -> !r.targets(e).isEmpty()));
            Operation op = new Operation(Operation.Kind.CREATE, this, core.executor, session,
                    Statement.of(schema.table(), schema), schema.type(), withAssociations ? 2 : statements)
                    .fields(fieldsSelected, fieldsOmitted)
                    .associations(associationsSelected, associationsOmitted)
                    .onConflict(onConflict);
            return core.callbacks.create().run(op, Flux.fromIterable(rows));
        }));
    }

    /**
     * Starts a query on a model's table. The query is immutable: every chained call returns a new one, so a base
     * query can be kept in a field and shared.
     *
     * @param type the model class
     * @param <T> the model type
     * @return the query
     * @throws InvalidModelException if the class cannot be mapped (on the first use of the class)
     */
    public <T> Query<T> model(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        Schema schema = core.schemas.get(type);
        return new Query<>(this, type, Statement.of(schema.table(), schema), null);
    }

    /**
     * Starts a query on one entity: its primary key (when set) becomes the condition, and updates and deletes run
     * its hooks and write back {@code updatedAt}.
     *
     * <pre>{@code
     * db.model(user).update("name", "Bob")   // UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3
     * }</pre>
     *
     * @param entity an instance of a mapped class
     * @param <T> the model type
     * @return the query
     */
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

    /**
     * Starts a query on a table without a model; rows read as maps. The name is validated ({@code name},
     * {@code schema.name}, optionally followed by an alias).
     *
     * @param name the table name
     * @return the query
     * @throws IllegalArgumentException when the name is not a table name
     */
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

    /**
     * Starts a query on SQL written by the developer, typically a subquery: {@code table("(?) AS u", query)}. The
     * text is trusted SQL; the arguments are bound or, for queries, rendered in place.
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value (a {@link Query} renders as a subquery)
     * @param more further values
     * @return the query
     */
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

    /**
     * Saves an entity: inserts it when its primary key is unset; otherwise updates every column (zero values
     * included) and, if no row matched, inserts it. Hooks run as for create or update.
     *
     * <p>With a {@link dev.r2orm.annotation.Version @Version} whose value is set, the update requires it and moves it
     * on ({@code SET ..., "version"=COALESCE("version",0)+1 WHERE "id" = $n AND "version" = $m}); when no row matches
     * there is no insert: {@link OptimisticLockException} is signalled and the transaction rolled back. On success the
     * entity holds the new version, so it can be saved again.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the saved entity (a new record for a record); {@link OptimisticLockException} when its version is stale
     */
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

    /**
     * Deletes an entity by its primary key (soft-deletes it for a soft-delete model), running its delete hooks. With a
     * {@link dev.r2orm.annotation.Version @Version} whose value is set, the row must still hold that version.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param entity the entity; its primary key must be set
     * @param <T> the model type
     * @return the number of rows deleted; {@link MissingWhereClauseException} when the key is unset,
     *     {@link OptimisticLockException} when the row was changed or deleted since the entity was read
     */
    public <T> Mono<Long> delete(T entity) {
        return model(entity).delete();
    }

    /**
     * SQL written by the developer, to read rows: {@code raw("SELECT * FROM users WHERE name = ?", "x").scan(User.class)}.
     * Values are bound; {@code @name} placeholders take {@link Named} arguments or one map.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the raw statement, run by its terminal methods
     */
    public Raw raw(String sql, @Nullable Object arg, @Nullable Object... more) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql, arg, more));
    }

    /**
     * SQL written by the developer with one value, to read rows. A value from a generic method is bound as it is
     * ({@code raw("SELECT * FROM orders WHERE tenant_id = ?", ctx.get("tenant"))}); an {@code Object[]} alone is the
     * argument list, as with varargs.
     *
     * @param sql trusted SQL text with one placeholder, or {@code @name} placeholders and a map
     * @param arg the value
     * @return the raw statement, run by its terminal methods
     */
    public Raw raw(String sql, @Nullable Object arg) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql, arg));
    }

    /**
     * SQL written by the developer without values, to read rows: {@code raw("SELECT * FROM users").scan(User.class)}.
     *
     * @param sql trusted SQL text without placeholders
     * @return the raw statement, run by its terminal methods
     */
    public Raw raw(String sql) {
        return new Raw(this, dev.r2orm.clause.Expr.of(sql));
    }

    /**
     * Runs a statement rendered with r2orm's clauses ({@link Statement#render}), binding its values.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql the rendered statement, with this database's dialect
     * @return the number of rows affected
     */
    public Mono<Long> exec(dev.r2orm.clause.Sql sql) {
        Objects.requireNonNull(sql, "sql must not be null");
        return new Raw(this, sql).exec();
    }

    /**
     * Runs SQL written by the developer that returns no rows: {@code exec("UPDATE users SET age = age + 1 WHERE id IN ?", ids)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the number of rows affected
     */
    public Mono<Long> exec(String sql, @Nullable Object arg, @Nullable Object... more) {
        return raw(sql, arg, more).exec();
    }

    /**
     * Runs SQL written by the developer with one value; see {@link #raw(String, Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg the value
     * @return the number of rows affected
     */
    public Mono<Long> exec(String sql, @Nullable Object arg) {
        return raw(sql, arg).exec();
    }

    /**
     * Runs SQL written by the developer without values: {@code exec("DELETE FROM sessions")}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text without placeholders
     * @return the number of rows affected
     */
    public Mono<Long> exec(String sql) {
        return raw(sql).exec();
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs a function in a transaction: commits when its publisher completes, rolls back when it fails or is
     * cancelled ({@code take(n)}, {@code timeout}, a disposed subscription, a client that went away). The
     * transaction travels in the Reactor context, so every r2orm operation subscribed inside the publisher joins it,
     * through {@code tx}, through this {@code db}, in hooks and in helper methods alike. Called inside another
     * transaction, it runs in a savepoint: an error rolls back to the savepoint and still reaches the outer pipeline,
     * which may handle it and go on.
     *
     * <pre>{@code
     * db.transaction(tx -> tx.create(user1)
     *         .then(tx.transaction(tx2 -> tx2.create(user2).then(Mono.error(new IllegalStateException())))
     *                 .onErrorResume(e -> Mono.empty()).then())        // user2 rolled back to the savepoint
     *         .then(tx.create(user3)))                                  // user1 and user3 committed
     * }</pre>
     *
     * <p>Cancelling is rolling back: {@code next()}, {@code take(1)} or {@code elementAt} on the result cancel after
     * the first element, before the commit. Use {@link #transactionMono(Function)} for a single value, or
     * {@code single()}/{@code last()}, which wait for completion. A transaction lost this way, after its subscriber
     * received elements, is reported to {@link dev.r2orm.logger.Logger#warning}.
     *
     * <p>When the rollback after the function's error fails as well (the connection is gone), the function's error is
     * signalled, with the rollback's failure attached as suppressed.
     *
     * <p>Inside a Spring reactive transaction ({@code @Transactional}, {@code TransactionalOperator}) over this
     * {@code Db}'s connection factory instance, it is a savepoint on Spring's connection, and Spring commits or rolls
     * back; every other operation of this {@code Db} runs on that connection too.
     *
     * @param work the transaction function
     * @param <R> the element type
     * @return the function's elements; the translated error of the function, or of the commit
     */
    public <R> Flux<R> transaction(Function<Tx, ? extends Publisher<R>> work) {
        return transaction(TxOptions.DEFAULT, work);
    }

    /**
     * Runs a function that produces one value in a transaction; see {@link #transaction(Function)}. The value is
     * emitted after the commit.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param work the transaction function
     * @param <R> the value type
     * @return the value, once committed
     */
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
     * @return the value, once committed
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
     * @return the function's elements
     */
    public <R> Flux<R> transaction(TxOptions options, Function<Tx, ? extends Publisher<R>> work) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(work, "work must not be null");
        Flux<R> run = core.executor.transaction(options, state -> work.apply(new Tx(bound(state), state, false)));
        return bound == null ? run : core.executor.bind(run, bound);
    }

    /**
     * Runs an existing pipeline in a transaction (committed when it completes): its r2orm operations join it.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param pipeline the pipeline
     * @param <R> the element type
     * @return the pipeline's elements
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
     * @return the pipeline's value
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
     * @return the open transaction
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
     * Closes the pool r2orm created, when subscribed: waits (up to the acquire timeout) for connections still in
     * use, which come back asynchronously after a cancel, then closes every connection. A pool passed to
     * {@link #open(ConnectionFactory, Config)} is left open.
     *
     * @return completes when the pool is closed
     */
    public Mono<Void> closeLater() {
        ConnectionPool owned = core.ownedPool;
        return owned == null ? Mono.empty() : PoolSetup.closeLater(owned, core.config);
    }

    /**
     * Closes the pool r2orm created, as {@link #closeLater()} does, blocking the calling thread until it is closed.
     * For shutdown hooks, {@code main} methods and try-with-resources; reactive code uses {@link #closeLater()}.
     */
    @Override
    public void close() {
        ConnectionPool owned = core.ownedPool;
        if (owned != null) {
            PoolSetup.close(owned, core.config);
        }
    }

    /**
     * The association mode over several owners of one class (GORM's {@code Model(&users).Association(...)}).
     *
     * @param owners the owners, all with their primary keys set
     * @param name the association's field name
     * @param type the associated class
     * @param <A> the associated type
     * @return the batch association
     * @throws InvalidModelException when the owners' class has no such association
     */
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
