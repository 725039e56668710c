package dev.r2orm.migrator;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Session;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.internal.Executor;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.SchemaCache;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
public final class Migrator extends SchemaObjects {

    /** How long {@link #autoMigrate} waits for another migrator's lock by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(15);

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
        super(executor, schemas, session, foreignKeys);
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
            List<ModelTable> tables = models().tables(list);
            List<ConstraintDef> keys = models().foreignKeyConstraints(tables);
            return timed(MigrationLock.around(executor, lockTimeout,
                    c -> plan(c, tables, keys).flatMapMany(p -> run(c, p.statements())))).then();
        });
    }

    /**
     * What {@link #autoMigrate} would run now, without running it: the ordered steps, each tagged
     * {@link Change.Safety safe, locking, data-dependent or destructive} with its reason and the statements that undo
     * it, and the differences no step fixes. Takes no lock.
     *
     * <pre>{@code
     * db.migrator().plan(User.class).doOnNext(plan -> {
     *     plan.upSql();    // ALTER TABLE "users" ADD COLUMN "nickname" varchar(40);
     *     plan.downSql();  // ALTER TABLE "users" DROP COLUMN "nickname";
     * });
     * }</pre>
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param models the model classes
     * @return emits the plan (empty when nothing is to be done); signals {@link InvalidModelException} for a model
     *     that cannot be migrated
     */
    public Mono<Plan> plan(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Mono.defer(() -> {
            List<ModelTable> tables = models().tables(list);
            List<ConstraintDef> keys = models().foreignKeyConstraints(tables);
            return executor.withConnection(c -> plan(c, tables, keys)).next();
        });
    }

    /**
     * Runs a plan's statements in order, each on its own (DDL commits as it goes on MySQL and H2; no transaction is
     * opened). Takes no lock: use {@link #autoMigrate} to plan and apply under the lock.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param plan the plan, usually from {@link #plan}
     * @return completes when every statement ran; signals the translated driver error of the first failing statement
     *     (the ones before it stay applied)
     */
    public Mono<Void> apply(Plan plan) {
        Objects.requireNonNull(plan, "plan must not be null");
        return timed(executor.withConnection(c -> run(c, plan.statements()))).then();
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
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
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
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
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
            return timed(executor.withConnection(c -> plan(c, tables, List.of()).flatMapMany(p -> {
                List<Sql> creates = new ArrayList<>();
                for (ModelTable t : tables) {
                    creates.add(new Planner(executor.dialect(), false).createTableSql(t));
                }
                List<Sql> rest = new ArrayList<>();
                p.changes().stream().filter(ch -> ch.difference().kind() != Difference.Kind.MISSING_TABLE)
                        .forEach(ch -> rest.addAll(ch.up()));
                creates.addAll(rest);
                return run(c, creates);
            }))).then();
        });
    }

    /** DDL runs with the session's statement timeout ({@code db.session(...).migrator()}), else the config's. */
    private <R> Flux<R> timed(Flux<R> ddl) {
        return executor.withStatementTimeout(ddl, session.statementTimeout());
    }

    /**
     * Drops the tables of the models when they exist ({@code DROP TABLE IF EXISTS}), in the order given.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param models the model classes
     * @return completes when the tables are gone; signals {@link InvalidModelException} for a class that cannot be
     *     mapped and the translated driver error of a failing statement (the tables dropped before it stay dropped)
     */
    public Mono<Void> dropTable(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Flux.fromIterable(list).concatMap(m -> Mono.defer(() -> dropTable(schemas.get(m).table()))).then();
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
        for (ModelTable t : models().joinTables(schemas.get(model))) {
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

    /**
     * The foreign keys of a model's associations: a belongs-to's key on the model, a has-one's or has-many's on the
     * target (polymorphic ones have none), and both keys of a many-to-many's join table.
     *
     * @param model the model class
     * @return the foreign keys
     * @throws dev.r2orm.InvalidModelException for an unknown referential action
     */
    public List<ForeignKey> foreignKeys(Class<?> model) {
        return models().foreignKeys(model);
    }


    private Mono<Plan> plan(Connection c, List<ModelTable> tables, List<ConstraintDef> keys) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        tables.forEach(t -> names.add(t.table));
        keys.forEach(k -> names.add(k.table()));
        SchemaCatalog catalog = executor.dialect().catalog();
        SchemaCatalog.Query query = catalogQuery(c);
        Map<String, List<String>> enums = enumTypes(tables);
        Mono<Map<String, List<String>>> existingEnums = enums.isEmpty() ? Mono.just(Map.of())
                : catalog.enumTypes(query);
        return existingEnums.flatMap(existing -> Flux.fromIterable(names)
                .concatMap(name -> catalog.table(query, name))
                .collectMap(t -> t.name().toLowerCase(Locale.ROOT), t -> t, HashMap::new)
                .map(catalogTables -> new Planner(executor.dialect(), replaceChanged).enumTypes(enums, existing)
                        .plan(tables, catalogTables, keys)));
    }

    /** The database enum types the tables' fields use, where the database has enum types of its own. */
    private Map<String, List<String>> enumTypes(List<ModelTable> tables) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (!executor.dialect().ddl().hasEnumTypes()) {
            return out;
        }
        for (ModelTable t : tables) {
            if (t.schema == null) {
                continue;
            }
            for (dev.r2orm.schema.Field f : t.schema.fields()) {
                if (f.sqlType().isEmpty() && f.storedType().isEnum()) {
                    dev.r2orm.schema.EnumLabels labels = dev.r2orm.schema.EnumLabels.of(f.storedType());
                    if (labels.databaseType() != null) {
                        out.putIfAbsent(labels.databaseType(), labels.labels());
                    }
                }
            }
        }
        return out;
    }

    private Flux<Long> run(Connection c, List<Sql> statements) {
        return Flux.fromIterable(statements).concatMap(sql -> session.dryRun() ? executor.<Long>dryRun(sql)
                : executor.update(c, sql));
    }
}
