package dev.r2orm.migrator;

import dev.r2orm.Session;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import dev.r2orm.schema.SchemaCache;
import dev.r2orm.schema.TableInfo;
import io.r2dbc.spi.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates and drops tables from model classes. Obtain one with {@code Db.migrator()}.
 *
 * <p>This is the minimal AutoMigrate: it creates the tables that are missing, with their columns, primary key,
 * {@code NOT NULL}, {@code UNIQUE} and {@code DEFAULT}s, the join tables of many-to-many associations, and the
 * foreign keys of associations (with the actions of {@code @Constraint}) that do not exist yet. It does not yet add
 * missing columns to existing tables, change column types, or create indexes.
 */
public final class Migrator {

    private final Executor executor;
    private final SchemaCache schemas;
    private final Session session;
    private final boolean foreignKeys;

    /**
     * Creates a migrator; applications use {@code Db.migrator()}.
     *
     * @param executor executes the DDL
     * @param schemas the model schemas
     * @param session the session options (a dry run renders and logs only)
     * @param foreignKeys whether to create foreign key constraints for associations
     */
    public Migrator(Executor executor, SchemaCache schemas, Session session, boolean foreignKeys) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.schemas = Objects.requireNonNull(schemas, "schemas must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.foreignKeys = foreignKeys;
    }

    /**
     * Creates the table of each model that does not exist yet ({@code CREATE TABLE IF NOT EXISTS}), in the order
     * given.
     *
     * <pre>{@code
     * db.migrator().autoMigrate(User.class)
     * // PostgreSQL: CREATE TABLE IF NOT EXISTS "users" ("id" bigserial,"name" text,"age" integer NOT NULL,
     * //             "created_at" timestamp(6) with time zone,PRIMARY KEY ("id"))
     * }</pre>
     *
     * @param models the model classes
     * @return completes when every table exists; signals {@link dev.r2orm.InvalidModelException} for a class that
     *     cannot be mapped (before any DDL runs) and the translated driver error when DDL fails
     */
    public Mono<Void> autoMigrate(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Flux.defer(() -> {
            list.forEach(m -> schemas.relations(schemas.get(m)));
            return Flux.fromIterable(list).concatMap(m -> run(createTableSql(m)))
                    .thenMany(Flux.fromIterable(list).concatMap(m -> Flux.fromIterable(joinTableSql(m))))
                    .concatMap(this::run)
                    .thenMany(foreignKeys ? Flux.fromIterable(list).concatMap(m -> Flux.fromIterable(foreignKeys(m)))
                            : Flux.empty())
                    .concatMap(this::addForeignKey);
        }).then();
    }

    /**
     * Drops the tables of the models when they exist ({@code DROP TABLE IF EXISTS}), in the order given.
     *
     * @param models the model classes
     * @return completes when the tables are gone
     */
    public Mono<Void> dropTable(Class<?>... models) {
        List<Class<?>> list = List.copyOf(Arrays.asList(models));
        return Flux.fromIterable(list).concatMap(m -> Mono.defer(() -> {
            SqlWriter w = new SqlWriter(executor.dialect());
            w.keyword("DROP TABLE IF EXISTS ").identifier(schemas.get(m).table());
            return run(w.toSql());
        })).then();
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
     * The {@code CREATE TABLE IF NOT EXISTS} statement of a model, rendered without a connection.
     *
     * @param model the model class
     * @return the DDL
     * @throws dev.r2orm.InvalidModelException when a field has no column type in the dialect
     */
    public Sql createTableSql(Class<?> model) {
        Schema schema = schemas.get(model);
        Dialect d = executor.dialect();
        SqlWriter w = new SqlWriter(d);
        w.keyword("CREATE TABLE IF NOT EXISTS ").identifier(schema.table()).keyword(" (");
        boolean first = true;
        for (Field f : schema.fields()) {
            if (!first) {
                w.keyword(",");
            }
            first = false;
            w.identifier(f.column()).keyword(" ").keyword(f.isAutoIncrement() ? d.autoIncrementType(f)
                    : d.columnType(f));
            if (f.isNotNull() && !f.isAutoIncrement()) {
                w.keyword(" NOT NULL");
            }
            if (!f.defaultValue().isEmpty()) {
                w.keyword(" DEFAULT ").keyword(f.defaultValue());
            }
            if (f.isUnique() && !f.isPrimaryKey()) {
                w.keyword(" UNIQUE");
            }
        }
        if (!schema.primaryKeys().isEmpty()) {
            w.keyword(",PRIMARY KEY (");
            for (int i = 0; i < schema.primaryKeys().size(); i++) {
                if (i > 0) {
                    w.keyword(",");
                }
                w.identifier(schema.primaryKeys().get(i).column());
            }
            w.keyword(")");
        }
        return w.keyword(")").toSql();
    }

    /**
     * The {@code CREATE TABLE IF NOT EXISTS} statements of a model's many-to-many join tables: one column per side,
     * the primary key on both.
     *
     * @param model the model class
     * @return the DDL, one statement per join table
     */
    public List<Sql> joinTableSql(Class<?> model) {
        List<Sql> out = new java.util.ArrayList<>();
        Dialect d = executor.dialect();
        for (Relation r : schemas.relations(schemas.get(model)).values()) {
            if (r.kind() != Relation.Kind.MANY_TO_MANY) {
                continue;
            }
            if (r.joinModel() != null) {
                out.add(createTableSql(r.joinModel().type()));
                continue;
            }
            SqlWriter w = new SqlWriter(d);
            w.keyword("CREATE TABLE IF NOT EXISTS ").identifier(Objects.requireNonNull(r.joinTable())).keyword(" (")
                    .identifier(Objects.requireNonNull(r.joinOwnerColumn())).keyword(" ")
                    .keyword(d.columnType(r.ownerKey())).keyword(" NOT NULL,")
                    .identifier(Objects.requireNonNull(r.joinTargetColumn())).keyword(" ")
                    .keyword(d.columnType(r.targetKey())).keyword(" NOT NULL,PRIMARY KEY (")
                    .identifier(r.joinOwnerColumn()).keyword(",").identifier(r.joinTargetColumn()).keyword("))");
            out.add(w.toSql());
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

    private Mono<Void> addForeignKey(ForeignKey fk) {
        SqlWriter w = new SqlWriter(executor.dialect());
        w.keyword("ALTER TABLE ").identifier(fk.table()).keyword(" ADD CONSTRAINT ").identifier(fk.name())
                .keyword(" FOREIGN KEY (").identifier(fk.column()).keyword(") REFERENCES ").identifier(fk.refTable())
                .keyword(" (").identifier(fk.refColumn()).keyword(")");
        if (!fk.onDelete().isEmpty()) {
            w.keyword(" ON DELETE ").keyword(fk.onDelete());
        }
        if (!fk.onUpdate().isEmpty()) {
            w.keyword(" ON UPDATE ").keyword(fk.onUpdate());
        }
        Sql add = w.toSql();
        if (session.dryRun()) {
            return run(add);
        }
        return executor.withConnection(c -> executor.query(c, new Sql(executor.dialect().hasConstraintSql(),
                        List.of(fk.table(), fk.name()), List.of(String.class, String.class)),
                        RowMappers.scalar(Object.class)))
                .hasElements()
                .flatMap(exists -> exists ? Mono.empty() : run(add));
    }

    private Mono<Void> run(Sql sql) {
        if (session.dryRun()) {
            return executor.<Void>dryRun(sql).then();
        }
        return executor.withConnection(c -> executor.update(c, sql)).then();
    }
}
