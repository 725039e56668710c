package dev.r2orm.migrator;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Session;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import dev.r2orm.schema.SchemaCache;
import dev.r2orm.schema.TableInfo;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the database's schema in step with model classes (GORM's Migrator). Obtain one with {@code Db.migrator()};
 * it is immutable ({@link #lockTimeout}, {@link #replaceChanged} return a copy).
 *
 * <p>{@link #autoMigrate} takes the schema's migration lock, reads the catalog of every table involved (a bounded
 * number of queries per table), {@link #plan plans} and {@link #apply applies}: it creates missing tables, columns,
 * indexes, checks, unique constraints, foreign keys and join tables; changes a column whose type, size, precision,
 * declared default or declared comment differ, and drops NOT NULL where the model allows NULL. It never drops a
 * column, never adds NOT NULL to an existing column, and never replaces an index or constraint whose definition
 * changed unless {@link #replaceChanged(boolean)} asks for it: {@link #validate} and {@link Plan#unresolved()} report
 * those. A second run against an unchanged database plans nothing and runs no DDL.
 *
 * <p>Every method is lazy; errors are signalled, never thrown, except by the methods that render SQL without a
 * connection. A model that cannot be migrated fails with {@link InvalidModelException} before any DDL runs.
 */
public final class Migrator {

    /** How long {@link #autoMigrate} waits for another migrator's lock by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(15);

    private final Executor executor;
    private final SchemaCache schemas;
    private final Session session;
    private final boolean foreignKeys;
    private final Duration lockTimeout;
    private final boolean replaceChanged;

    /**
     * Creates a migrator; applications use {@code Db.migrator()}.
     *
     * @param executor executes the DDL
     * @param schemas the model schemas
     * @param session the session options (a dry run reads the catalog, then logs the DDL without running it)
     * @param foreignKeys whether to create foreign key constraints for associations
     */
    public Migrator(Executor executor, SchemaCache schemas, Session session, boolean foreignKeys) {
        this(executor, schemas, session, foreignKeys, DEFAULT_LOCK_TIMEOUT, false);
    }

    private Migrator(Executor executor, SchemaCache schemas, Session session, boolean foreignKeys,
            Duration lockTimeout, boolean replaceChanged) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.schemas = Objects.requireNonNull(schemas, "schemas must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.foreignKeys = foreignKeys;
        this.lockTimeout = lockTimeout;
        this.replaceChanged = replaceChanged;
    }

    /**
     * A copy that waits at most {@code timeout} for the migration lock of another instance before failing with
     * {@link MigrationLockException}.
     *
     * @param timeout a positive duration; 15 s by default
     * @return the copy
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Migrator lockTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("lock timeout must be positive, got " + timeout);
        }
        return new Migrator(executor, schemas, session, foreignKeys, timeout, replaceChanged);
    }

    /**
     * A copy whose plans also rebuild an index or foreign key whose definition changed (drop, then create), steps
     * marked {@link Change.Safety#LOCKING}; by default such changes are only reported.
     *
     * @param replace whether to replace changed indexes and foreign keys
     * @return the copy
     */
    public Migrator replaceChanged(boolean replace) {
        return new Migrator(executor, schemas, session, foreignKeys, lockTimeout, replace);
    }

    /**
     * Brings the tables of the models in step with them, under the schema's migration lock (so instances starting
     * together do not race): plans against the catalog, then applies the plan. The models' dependencies come along:
     * the tables their belongs-to and many-to-many associations refer to, and join tables. Foreign keys of has-one
     * and has-many associations are added when the child's table exists or is migrated in the same call.
     *
     * <pre>{@code
     * db.migrator().autoMigrate(User.class, Post.class)
     * // first run, PostgreSQL:
     * //   CREATE TABLE IF NOT EXISTS "users" ("id" bigserial,"name" varchar(100) NOT NULL,...,PRIMARY KEY ("id"))
     * //   CREATE INDEX "idx_users_name" ON "users" ("name")
     * //   ALTER TABLE "posts" ADD CONSTRAINT "fk_users_posts" FOREIGN KEY ("user_id") REFERENCES "users" ("id")
     * // second run: catalog queries only
     * }</pre>
     *
     * @param models the model classes
     * @return completes when the schema matches; signals {@link InvalidModelException} for a model that cannot be
     *     migrated (before any DDL), {@link MigrationLockException} when the lock stays taken past the timeout, and
     *     the translated driver error of a failing statement (the statements before it stay applied). On cancel the
     *     statement running finishes on the server, no further one starts, and the lock is freed.
     */
    public Mono<Void> autoMigrate(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Mono.defer(() -> {
            List<ModelTable> tables = modelTables(list);
            List<ConstraintDef> keys = foreignKeyConstraints(tables);
            return MigrationLock.around(executor, lockTimeout,
                    c -> plan(c, tables, keys).flatMapMany(p -> run(c, p.statements()))).then();
        });
    }

    /**
     * What {@link #autoMigrate} would run now, without running it: the ordered steps, each tagged
     * {@link Change.Safety safe, locking, data-dependent or destructive} with its reason and the statements that undo
     * it, and the differences no step fixes. Takes no lock.
     *
     * <pre>{@code
     * Plan plan = db.migrator().plan(User.class).block();
     * plan.upSql();    // ALTER TABLE "users" ADD COLUMN "nickname" varchar(40);
     * plan.downSql();  // ALTER TABLE "users" DROP COLUMN "nickname";
     * }</pre>
     *
     * @param models the model classes
     * @return emits the plan (empty when nothing is to be done); signals {@link InvalidModelException} for a model
     *     that cannot be migrated
     */
    public Mono<Plan> plan(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Mono.defer(() -> {
            List<ModelTable> tables = modelTables(list);
            List<ConstraintDef> keys = foreignKeyConstraints(tables);
            return executor.withConnection(c -> plan(c, tables, keys)).next();
        });
    }

    /**
     * Runs a plan's statements in order, each on its own (DDL commits as it goes on MySQL and H2; no transaction is
     * opened). Takes no lock: use {@link #autoMigrate} to plan and apply under the lock.
     *
     * @param plan the plan, usually from {@link #plan}
     * @return completes when every statement ran; signals the translated driver error of the first failing statement
     *     (the ones before it stay applied)
     */
    public Mono<Void> apply(Plan plan) {
        Objects.requireNonNull(plan, "plan must not be null");
        return executor.withConnection(c -> run(c, plan.statements())).then();
    }

    /**
     * Every difference between the models and the live database, without changing anything (Hibernate's schema
     * validation): missing tables, columns, indexes and constraints; column types, sizes, nullability, declared
     * defaults and comments that differ; indexes and foreign keys whose definition changed. Columns the models do not
     * map are not reported.
     *
     * <pre>{@code
     * db.migrator().validate(User.class).collectList()
     *         .doOnNext(d -> { if (!d.isEmpty()) throw new IllegalStateException("schema drift: " + d); });
     * }</pre>
     *
     * @param models the model classes
     * @return the differences, empty when the database matches
     */
    public Flux<Difference> validate(Class<?>... models) {
        return replaceChanged(false).plan(models).flatMapIterable(p -> {
            List<Difference> out = new ArrayList<>();
            p.changes().forEach(c -> out.add(c.difference()));
            out.addAll(p.unresolved());
            return out;
        });
    }

    /**
     * Creates the tables of the models, with their checks, comments and indexes, whether they exist or not
     * (GORM's {@code CreateTable}): {@code CREATE TABLE IF NOT EXISTS} leaves an existing table as it is, and its
     * indexes are then created only when missing. Takes no lock and adds no foreign keys.
     *
     * @param models the model classes
     * @return completes when done; signals {@link InvalidModelException} before any DDL, or the driver's error
     */
    public Mono<Void> createTable(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Mono.defer(() -> {
            List<ModelTable> tables = new ArrayList<>();
            for (Class<?> m : list) {
                tables.add(ModelTable.of(schemas.get(m), executor.dialect()));
            }
            return executor.withConnection(c -> plan(c, tables, List.of()).flatMapMany(p -> {
                List<Sql> creates = new ArrayList<>();
                for (ModelTable t : tables) {
                    creates.add(new Planner(executor.dialect(), false).createTableSql(t));
                }
                List<Sql> rest = new ArrayList<>();
                p.changes().stream().filter(ch -> ch.difference().kind() != Difference.Kind.MISSING_TABLE)
                        .forEach(ch -> rest.addAll(ch.up()));
                creates.addAll(rest);
                return run(c, creates);
            })).then();
        });
    }

    /**
     * Drops the tables of the models when they exist ({@code DROP TABLE IF EXISTS}), in the order given.
     *
     * @param models the model classes
     * @return completes when the tables are gone
     */
    public Mono<Void> dropTable(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Flux.fromIterable(list).concatMap(m -> Mono.defer(() -> dropTable(schemas.get(m).table()))).then();
    }

    /**
     * Drops a table when it exists ({@code DROP TABLE IF EXISTS "t"}).
     *
     * @param table the exact table name
     * @return completes when the table is gone
     */
    public Mono<Void> dropTable(String table) {
        Objects.requireNonNull(table, "table must not be null");
        return Mono.defer(() -> execute(new SqlWriter(executor.dialect()).keyword("DROP TABLE IF EXISTS ")
                .identifier(table).toSql()));
    }

    /**
     * Renames a table ({@code ALTER TABLE "a" RENAME TO "b"}).
     *
     * @param from the current name
     * @param to the new name
     * @return completes when renamed; signals the driver's error when {@code from} does not exist
     */
    public Mono<Void> renameTable(String from, String to) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        return Mono.defer(() -> execute(executor.dialect().ddl().renameTable(from, to)));
    }

    /**
     * Whether the model's table exists in the current schema.
     *
     * @param model the model class
     * @return {@code true} when it exists
     */
    public Mono<Boolean> hasTable(Class<?> model) {
        return Mono.defer(() -> hasTable(schemas.get(model).table()));
    }

    /**
     * Whether a table exists in the current schema.
     *
     * @param table the exact table name
     * @return {@code true} when it exists
     */
    public Mono<Boolean> hasTable(String table) {
        Objects.requireNonNull(table, "table must not be null");
        return executor.withConnection(c -> executor.query(c,
                        new Sql(executor.dialect().hasTableSql(), List.of(table), List.of(String.class)),
                        RowMappers.scalar(Object.class)))
                .hasElements();
    }

    /**
     * The name of the current database.
     *
     * <pre>{@code
     * db.migrator().currentDatabase()   // PostgreSQL: SELECT current_database()
     * }</pre>
     *
     * @return emits the name; signals {@link dev.r2orm.UnsupportedByDialectException} when the dialect cannot read its
     *     catalog, and the translated driver error when the query fails
     */
    public Mono<String> currentDatabase() {
        return executor.withConnection(c -> executor.dialect().catalog().currentDatabase(catalogQuery(c))).next();
    }

    /**
     * The base tables of the current schema (views excluded), in name order.
     *
     * @return the table names
     */
    public Flux<String> tables() {
        return executor.withConnection(c -> executor.dialect().catalog().tables(catalogQuery(c)));
    }

    /**
     * The views of the current schema, in name order.
     *
     * @return the view names
     */
    public Flux<String> views() {
        return executor.withConnection(c -> executor.dialect().catalog().views(catalogQuery(c)));
    }

    /**
     * Describes a table of the current schema as its catalog does: columns, indexes and constraints, read with a
     * bounded number of queries (never one per column) on one connection.
     *
     * @param table the exact table name
     * @return emits the table, or completes empty when it does not exist
     */
    public Mono<TableInfo> tableInfo(String table) {
        Objects.requireNonNull(table, "table must not be null");
        return executor.withConnection(c -> executor.dialect().catalog().table(catalogQuery(c), table)).next();
    }

    /**
     * Describes the table of a model (see {@link #tableInfo(String)}).
     *
     * @param model the model class
     * @return emits the table, or completes empty when it does not exist
     */
    public Mono<TableInfo> tableInfo(Class<?> model) {
        return Mono.defer(() -> tableInfo(schemas.get(model).table()));
    }

    /**
     * The columns of a table as the database describes them (GORM's {@code ColumnTypes}): name, type, length,
     * precision and scale, nullability, default, primary key, auto increment, unique, comment.
     *
     * @param table the exact table name
     * @return the columns in table order; empty when the table does not exist
     */
    public Flux<ColumnType> columnTypes(String table) {
        return tableInfo(table).flatMapIterable(TableInfo::columns);
    }

    /**
     * The columns of a model's table (see {@link #columnTypes(String)}).
     *
     * @param model the model class
     * @return the columns in table order; empty when the table does not exist
     */
    public Flux<ColumnType> columnTypes(Class<?> model) {
        return tableInfo(model).flatMapIterable(TableInfo::columns);
    }

    /**
     * The indexes of a table, the primary key's and the constraints' included.
     *
     * @param table the exact table name
     * @return the indexes; empty when the table does not exist
     */
    public Flux<IndexDef> indexes(String table) {
        return tableInfo(table).flatMapIterable(TableInfo::indexes);
    }

    /**
     * The indexes of a model's table (see {@link #indexes(String)}).
     *
     * @param model the model class
     * @return the indexes; empty when the table does not exist
     */
    public Flux<IndexDef> indexes(Class<?> model) {
        return tableInfo(model).flatMapIterable(TableInfo::indexes);
    }

    private SchemaCatalog.Query catalogQuery(Connection connection) {
        return sql -> executor.query(connection, sql, RowMappers.lowerCaseMap());
    }

    /**
     * The {@code CREATE TABLE IF NOT EXISTS} statement of a model, rendered without a connection: its migrated
     * columns, primary key, {@code NOT NULL}, {@code DEFAULT}, {@code UNIQUE}, check constraints and table options.
     *
     * <pre>{@code
     * // PostgreSQL: CREATE TABLE IF NOT EXISTS "users" ("id" bigserial,"name" text,"age" integer NOT NULL,
     * //             "created_at" timestamp(6) with time zone,PRIMARY KEY ("id"))
     * }</pre>
     *
     * @param model the model class
     * @return the DDL
     * @throws InvalidModelException when a field has no column type in the dialect or an annotation is wrong
     */
    public Sql createTableSql(Class<?> model) {
        return new Planner(executor.dialect(), false).createTableSql(ModelTable.of(schemas.get(model),
                executor.dialect()));
    }

    /**
     * The {@code CREATE TABLE IF NOT EXISTS} statements of a model's many-to-many join tables: one column per side,
     * the primary key on both; a join model's own table where the association names one.
     *
     * @param model the model class
     * @return the DDL, one statement per join table
     */
    public List<Sql> joinTableSql(Class<?> model) {
        List<Sql> out = new ArrayList<>();
        Planner planner = new Planner(executor.dialect(), false);
        for (ModelTable t : joinTables(schemas.get(model))) {
            out.add(planner.createTableSql(t));
        }
        return out;
    }

    /**
     * A foreign key the migrator creates: on {@code table.column}, referring to {@code refTable.refColumn}.
     *
     * @param name the constraint's name, {@code fk_<owner table>_<association>} as GORM names it
     * @param table the referencing table
     * @param column the referencing column
     * @param refTable the referenced table
     * @param refColumn the referenced column
     * @param onUpdate the update action, or empty
     * @param onDelete the delete action, or empty
     */
    public record ForeignKey(String name, String table, String column, String refTable, String refColumn,
            String onUpdate, String onDelete) {
    }

    private static final java.util.Set<String> ACTIONS = java.util.Set.of("CASCADE", "SET NULL", "SET DEFAULT",
            "RESTRICT", "NO ACTION", "");

    /**
     * The foreign keys of a model's associations: a belongs-to's key on the model, a has-one's or has-many's on the
     * target (polymorphic ones have none), and both keys of a many-to-many's join table.
     *
     * @param model the model class
     * @return the foreign keys
     * @throws dev.r2orm.InvalidModelException for an unknown referential action
     */
    public List<ForeignKey> foreignKeys(Class<?> model) {
        Schema owner = schemas.get(model);
        List<ForeignKey> out = new java.util.ArrayList<>();
        for (Relation r : schemas.relations(owner).values()) {
            String onUpdate = r.constraint() == null ? "" : r.constraint().onUpdate().toUpperCase(java.util.Locale.ROOT);
            String onDelete = r.constraint() == null ? "" : r.constraint().onDelete().toUpperCase(java.util.Locale.ROOT);
            if (!ACTIONS.contains(onUpdate) || !ACTIONS.contains(onDelete)) {
                throw new dev.r2orm.InvalidModelException("association " + r.name() + " of " + model.getName()
                        + ": unknown referential action in @Constraint; use CASCADE, SET NULL, SET DEFAULT, RESTRICT"
                        + " or NO ACTION");
            }
            String name = "fk_" + owner.table() + "_" + dev.r2orm.schema.NamingStrategy.snakeCase(r.name());
            switch (r.kind()) {
                case BELONGS_TO:
                    out.add(new ForeignKey(name, owner.table(), r.ownerKey().column(), r.target().table(),
                            r.targetKey().column(), onUpdate, onDelete));
                    break;
                case HAS_ONE:
                case HAS_MANY:
                    if (r.polymorphicType() == null) {
                        out.add(new ForeignKey(name, r.target().table(), r.targetKey().column(), owner.table(),
                                r.ownerKey().column(), onUpdate, onDelete));
                    }
                    break;
                default:
                    String jt = Objects.requireNonNull(r.joinTable());
                    out.add(new ForeignKey("fk_" + jt + "_" + owner.table(), jt,
                            Objects.requireNonNull(r.joinOwnerColumn()), owner.table(), r.ownerKey().column(),
                            onUpdate, onDelete));
                    out.add(new ForeignKey("fk_" + jt + "_" + r.target().table() + (r.target() == owner ? "_2" : ""),
                            jt, Objects.requireNonNull(r.joinTargetColumn()), r.target().table(),
                            r.targetKey().column(), onUpdate, onDelete));
            }
        }
        return out;
    }

    private List<ModelTable> joinTables(Schema owner) {
        Dialect d = executor.dialect();
        List<ModelTable> out = new ArrayList<>();
        for (Relation r : schemas.relations(owner).values()) {
            if (r.kind() != Relation.Kind.MANY_TO_MANY) {
                continue;
            }
            if (r.joinModel() != null) {
                out.add(ModelTable.of(r.joinModel(), d));
                continue;
            }
            out.add(ModelTable.joinTable(Objects.requireNonNull(r.joinTable()),
                    Objects.requireNonNull(r.joinOwnerColumn()), d.columnType(r.ownerKey()),
                    Objects.requireNonNull(r.joinTargetColumn()), d.columnType(r.targetKey())));
        }
        return out;
    }

    /**
     * The tables to migrate for the models: each model after the tables its belongs-to associations and
     * many-to-many targets refer to, then its join tables; each once.
     */
    private List<ModelTable> modelTables(List<Class<?>> models) {
        Map<String, ModelTable> out = new LinkedHashMap<>();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (Class<?> m : models) {
            visit(schemas.get(m), seen, out);
        }
        return new ArrayList<>(out.values());
    }

    private void visit(Schema schema, java.util.Set<Class<?>> seen, Map<String, ModelTable> out) {
        if (!seen.add(schema.type())) {
            return;
        }
        Map<String, Relation> relations = schemas.relations(schema);
        for (Relation r : relations.values()) {
            if (r.kind() == Relation.Kind.BELONGS_TO || r.kind() == Relation.Kind.MANY_TO_MANY) {
                visit(r.target(), seen, out);
            }
        }
        out.putIfAbsent(schema.table().toLowerCase(Locale.ROOT), ModelTable.of(schema, executor.dialect()));
        for (ModelTable j : joinTables(schema)) {
            out.putIfAbsent(j.table.toLowerCase(Locale.ROOT), j);
        }
    }

    private List<ConstraintDef> foreignKeyConstraints(List<ModelTable> tables) {
        if (!foreignKeys) {
            return List.of();
        }
        Map<String, ConstraintDef> out = new LinkedHashMap<>();
        for (ModelTable t : tables) {
            if (t.schema == null) {
                continue;
            }
            for (ForeignKey fk : foreignKeys(t.schema.type())) {
                out.putIfAbsent(fk.name().toLowerCase(Locale.ROOT), new ConstraintDef(fk.name(), fk.table(),
                        ConstraintDef.Kind.FOREIGN_KEY, List.of(fk.column()), "", fk.refTable(),
                        List.of(fk.refColumn()), fk.onUpdate(), fk.onDelete()));
            }
        }
        return new ArrayList<>(out.values());
    }

    private Mono<Plan> plan(Connection c, List<ModelTable> tables, List<ConstraintDef> keys) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        tables.forEach(t -> names.add(t.table));
        keys.forEach(k -> names.add(k.table()));
        SchemaCatalog catalog = executor.dialect().catalog();
        SchemaCatalog.Query query = catalogQuery(c);
        return Flux.fromIterable(names)
                .concatMap(name -> catalog.table(query, name))
                .collectMap(t -> t.name().toLowerCase(Locale.ROOT), t -> t, HashMap::new)
                .map(catalogTables -> new Planner(executor.dialect(), replaceChanged).plan(tables, catalogTables,
                        keys));
    }

    private Flux<Long> run(Connection c, List<Sql> statements) {
        return Flux.fromIterable(statements).concatMap(sql -> session.dryRun() ? executor.<Long>dryRun(sql)
                : executor.update(c, sql));
    }

    private Mono<Void> execute(Sql sql) {
        if (session.dryRun()) {
            return executor.<Void>dryRun(sql).then();
        }
        return executor.withConnection(c -> executor.update(c, sql)).then();
    }
}
