package dev.r2orm.migrator;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Session;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.SchemaCache;
import dev.r2orm.schema.TableInfo;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The migrator's catalog reads and its operations on one table, column, index, constraint or view (GORM's
 * {@code HasColumn}, {@code AddColumn}, {@code CreateIndex}, ...): the part of {@link Migrator} that works on named
 * objects rather than on whole models.
 */
abstract class SchemaObjects {

    final Executor executor;
    final SchemaCache schemas;
    final Session session;
    final boolean foreignKeys;

    SchemaObjects(Executor executor, SchemaCache schemas, Session session, boolean foreignKeys) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.schemas = Objects.requireNonNull(schemas, "schemas must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.foreignKeys = foreignKeys;
    }

    /**
     * Drops a table when it exists ({@code DROP TABLE IF EXISTS "t"}).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param table the exact table name
     * @return completes when the table is gone; signals the translated driver error when the statement fails
     */
    public Mono<Void> dropTable(String table) {
        Objects.requireNonNull(table, "table must not be null");
        return Mono.defer(() -> execute(new SqlWriter(executor.dialect()).keyword("DROP TABLE IF EXISTS ")
                .identifier(table).toSql()));
    }

    /**
     * Renames a table ({@code ALTER TABLE "a" RENAME TO "b"}).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
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
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @return {@code true} when it exists; signals {@link InvalidModelException} when the class cannot be mapped; the
     *     translated driver error when a query fails
     */
    public Mono<Boolean> hasTable(Class<?> model) {
        return Mono.defer(() -> hasTable(schemas.get(model).table()));
    }

    /**
     * Whether a table exists in the current schema.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param table the exact table name
     * @return {@code true} when it exists; signals the translated driver error when a query fails
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
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
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
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @return the table names; signals {@link dev.r2orm.UnsupportedByDialectException} when the dialect cannot read its
     *     catalog, and the translated driver error when a query fails
     */
    public Flux<String> tables() {
        return executor.withConnection(c -> executor.dialect().catalog().tables(catalogQuery(c)));
    }

    /**
     * The views of the current schema, in name order.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @return the view names; signals {@link dev.r2orm.UnsupportedByDialectException} when the dialect cannot read its
     *     catalog, and the translated driver error when a query fails
     */
    public Flux<String> views() {
        return executor.withConnection(c -> executor.dialect().catalog().views(catalogQuery(c)));
    }

    /**
     * Describes a table of the current schema as its catalog does: columns, indexes and constraints, read with a
     * bounded number of queries (never one per column) on one connection.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param table the exact table name
     * @return emits the table, or completes empty when it does not exist; signals
     *     {@link dev.r2orm.UnsupportedByDialectException} when the dialect cannot read its catalog, and the translated
     *     driver error when a query fails
     */
    public Mono<TableInfo> tableInfo(String table) {
        Objects.requireNonNull(table, "table must not be null");
        return executor.withConnection(c -> executor.dialect().catalog().table(catalogQuery(c), table)).next();
    }

    /**
     * Describes the table of a model (see {@link #tableInfo(String)}).
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @return emits the table, or completes empty when it does not exist; errors as {@link #tableInfo(String)}, and
     *     {@link InvalidModelException} when the class cannot be mapped
     */
    public Mono<TableInfo> tableInfo(Class<?> model) {
        return Mono.defer(() -> tableInfo(schemas.get(model).table()));
    }

    /**
     * The columns of a table as the database describes them (GORM's {@code ColumnTypes}): name, type, length,
     * precision and scale, nullability, default, primary key, auto increment, unique, comment.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param table the exact table name
     * @return the columns in table order; empty when the table does not exist; errors as {@link #tableInfo(String)}
     */
    public Flux<ColumnType> columnTypes(String table) {
        return tableInfo(table).flatMapIterable(TableInfo::columns);
    }

    /**
     * The columns of a model's table (see {@link #columnTypes(String)}).
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @return the columns in table order; empty when the table does not exist; errors as {@link #tableInfo(Class)}
     */
    public Flux<ColumnType> columnTypes(Class<?> model) {
        return tableInfo(model).flatMapIterable(TableInfo::columns);
    }

    /**
     * The indexes of a table, the primary key's and the constraints' included.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param table the exact table name
     * @return the indexes; empty when the table does not exist; errors as {@link #tableInfo(String)}
     */
    public Flux<IndexDef> indexes(String table) {
        return tableInfo(table).flatMapIterable(TableInfo::indexes);
    }

    /**
     * The indexes of a model's table (see {@link #indexes(String)}).
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @return the indexes; empty when the table does not exist; errors as {@link #tableInfo(Class)}
     */
    public Flux<IndexDef> indexes(Class<?> model) {
        return tableInfo(model).flatMapIterable(TableInfo::indexes);
    }

    /**
     * Whether the model's table has a column, named by field or column.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @param name a field or column name
     * @return {@code true} when the column exists; {@code false} also when the table does not; errors as
     *     {@link #tableInfo(Class)}
     */
    public Mono<Boolean> hasColumn(Class<?> model, String name) {
        Objects.requireNonNull(name, "name must not be null");
        return Mono.defer(() -> tableInfo(model).map(t -> t.column(column(model, name)) != null))
                .defaultIfEmpty(false);
    }

    /**
     * Adds a model's column to its table ({@code ALTER TABLE "t" ADD COLUMN "c" type ...}), as the model defines it.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param field the field's name (or its column's)
     * @return completes when added; signals {@link InvalidModelException} for an unknown or unmigrated field, and the
     *     driver's error when the column exists
     */
    public Mono<Void> addColumn(Class<?> model, String field) {
        return Mono.defer(() -> {
            ModelTable t = ModelTable.of(schemas.get(model), executor.dialect());
            ColumnType c = wanted(model, t, field);
            SqlWriter w = new SqlWriter(executor.dialect()).keyword("ALTER TABLE ").identifier(t.table)
                    .keyword(" ADD COLUMN ");
            executor.dialect().ddl().columnDefinition(w, new ColumnType(c.name(), "", t.createTypes.get(c.name()),
                    c.length(), c.precision(), c.scale(), c.nullable(), c.defaultValue(), c.primaryKey(),
                    c.autoIncrement(), c.unique(), c.comment()));
            return execute(w.toSql());
        });
    }

    /**
     * Drops a column of the model's table ({@code ALTER TABLE "t" DROP COLUMN "c"}); its data is lost. AutoMigrate
     * never does this.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param name a field or column name
     * @return completes when dropped; signals the driver's error when there is no such column
     */
    public Mono<Void> dropColumn(Class<?> model, String name) {
        return Mono.defer(() -> execute(new SqlWriter(executor.dialect()).keyword("ALTER TABLE ")
                .identifier(schemas.get(model).table()).keyword(" DROP COLUMN ").identifier(column(model, name))
                .toSql()));
    }

    /**
     * Changes a column to what the model defines: type, nullability (both ways), declared default and comment
     * (GORM's {@code AlterColumn}).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param field the field's name (or its column's)
     * @return completes when changed, at once when nothing differs; signals {@link InvalidModelException} for an
     *     unknown field or a missing column, and the driver's error (for example existing NULLs under NOT NULL)
     */
    public Mono<Void> alterColumn(Class<?> model, String field) {
        return Mono.defer(() -> {
            ModelTable t = ModelTable.of(schemas.get(model), executor.dialect());
            ColumnType c = wanted(model, t, field);
            return tableInfo(t.table).map(info -> {
                ColumnType current = info.column(c.name());
                if (current == null) {
                    throw new InvalidModelException("table " + t.table + " has no column " + c.name()
                            + " to alter; add it with addColumn");
                }
                return executor.dialect().ddl().alterColumn(t.table, c, current);
            }).flatMap(this::executeAll);
        });
    }

    /**
     * Renames a column ({@code ALTER TABLE "t" RENAME COLUMN "a" TO "b"}; H2: {@code ALTER COLUMN ... RENAME TO}).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param from the current field or column name
     * @param to the new column name, or a field whose column it becomes
     * @return completes when renamed; signals the driver's error when there is no such column
     */
    public Mono<Void> renameColumn(Class<?> model, String from, String to) {
        return Mono.defer(() -> execute(executor.dialect().ddl().renameColumn(schemas.get(model).table(),
                column(model, from), column(model, to))));
    }

    /**
     * Whether the model's table has an index, named by index name or by a field the model indexes.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @param name an index name, or a field name whose declared index is meant
     * @return {@code true} when the index exists; errors as {@link #tableInfo(Class)}
     */
    public Mono<Boolean> hasIndex(Class<?> model, String name) {
        return Mono.defer(() -> {
            String index = declaredIndex(model, name).map(IndexDef::name).orElse(name);
            return indexes(model).any(i -> i.name().equalsIgnoreCase(index));
        });
    }

    /**
     * Creates an index the model declares, named by index name or by an indexed field.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param name an index name, or a field name
     * @return completes when created; signals {@link InvalidModelException} when the model declares no such index,
     *     {@link dev.r2orm.UnsupportedByDialectException} for a form the database lacks, and the driver's error
     */
    public Mono<Void> createIndex(Class<?> model, String name) {
        return Mono.defer(() -> executeAll(executor.dialect().ddl().createIndex(declaredIndex(model, name)
                .orElseThrow(() -> new InvalidModelException(model.getName() + " declares no index " + name
                        + "; annotate a field with @Index")))));
    }

    /**
     * Drops an index of the model's table, named by index name or by an indexed field.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param name an index name, or a field name
     * @return completes when dropped; signals the driver's error when there is no such index
     */
    public Mono<Void> dropIndex(Class<?> model, String name) {
        return Mono.defer(() -> {
            String table = schemas.get(model).table();
            String index = declaredIndex(model, name).map(IndexDef::name).orElse(name);
            return execute(executor.dialect().ddl().dropIndex(new IndexDef(index, table, List.of(), false, false, "",
                    "", "", "", "")));
        });
    }

    /**
     * Renames an index of the model's table.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param from the current index name
     * @param to the new name
     * @return completes when renamed; signals the driver's error when there is no such index
     */
    public Mono<Void> renameIndex(Class<?> model, String from, String to) {
        return Mono.defer(() -> execute(executor.dialect().ddl().renameIndex(schemas.get(model).table(), from, to)));
    }

    /**
     * Whether the model's table has a constraint (primary key, unique, check or foreign key) of that name.
     *
     * <p>Cancelling stops the catalog queries and releases the connection; nothing is changed.
     *
     * @param model the model class
     * @param name the constraint name
     * @return {@code true} when it exists; errors as {@link #tableInfo(Class)}
     */
    public Mono<Boolean> hasConstraint(Class<?> model, String name) {
        return tableInfo(model).map(t -> t.constraints().stream().anyMatch(c -> c.name().equalsIgnoreCase(name)))
                .defaultIfEmpty(false);
    }

    /**
     * Creates a constraint the model declares: a {@code @Check}, a unique column ({@code uni_<table>_<column>}) or an
     * association's foreign key ({@code fk_<table>_<association>}), by name.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param name the constraint name
     * @return completes when created; signals {@link InvalidModelException} when the model declares no such
     *     constraint, and the driver's error (for example rows that break it)
     */
    public Mono<Void> createConstraint(Class<?> model, String name) {
        return Mono.defer(() -> {
            ModelTable t = ModelTable.of(schemas.get(model), executor.dialect());
            List<ConstraintDef> declared = new ArrayList<>(t.checks);
            declared.addAll(t.uniques);
            declared.addAll(models().foreignKeyConstraints(List.of(t)));
            ConstraintDef c = declared.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new InvalidModelException(model.getName() + " declares no constraint " + name
                            + "; its constraints are " + declared.stream().map(ConstraintDef::name).toList()));
            return execute(executor.dialect().ddl().addConstraint(c));
        });
    }

    /**
     * Drops a constraint of the model's table, found by name in the catalog (its kind decides the statement on
     * MySQL).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param model the model class
     * @param name the constraint name
     * @return completes when dropped; signals {@link InvalidModelException} when the table has no such constraint
     */
    public Mono<Void> dropConstraint(Class<?> model, String name) {
        return tableInfo(model).map(t -> t.constraints().stream().filter(c -> c.name().equalsIgnoreCase(name))
                        .findFirst().orElseThrow(() -> new InvalidModelException("table " + t.name()
                                + " has no constraint " + name)))
                .flatMap(c -> execute(executor.dialect().ddl().dropConstraint(c)));
    }

    /**
     * Creates a view ({@code CREATE [OR REPLACE] VIEW "v" AS query [WITH CHECK OPTION]}). The query is SQL text
     * without bound values (a view cannot keep them): pass {@code query.toSql()} of a query without conditions'
     * values, or SQL written by hand.
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param name the view name
     * @param query the view's query, without binds
     * @param replace whether to replace an existing view ({@code OR REPLACE})
     * @param checkOption whether writes through the view must satisfy its condition ({@code WITH CHECK OPTION})
     * @return completes when created; signals the driver's error
     * @throws IllegalArgumentException if the query carries bound values
     */
    public Mono<Void> createView(String name, Sql query, boolean replace, boolean checkOption) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(query, "query must not be null");
        if (!query.binds().isEmpty()) {
            throw new IllegalArgumentException("a view's query cannot carry bound values (" + query.binds().size()
                    + " given): write them into the view's SQL as constants of the schema's author");
        }
        return Mono.defer(() -> execute(new SqlWriter(executor.dialect())
                .keyword(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ").identifier(name).keyword(" AS ")
                .keyword(query.sql()).keyword(checkOption ? " WITH CHECK OPTION" : "").toSql()));
    }

    /**
     * Drops a view when it exists ({@code DROP VIEW IF EXISTS "v"}).
     *
     * <p>Cancelling: a statement already sent may still complete (MariaDB, MySQL and H2 commit DDL at once; on
     * PostgreSQL it is rolled back with its transaction when it runs in one); the connection is released either way.
     *
     * @param name the view name
     * @return completes when the view is gone; signals the translated driver error when the statement fails
     */
    public Mono<Void> dropView(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return Mono.defer(() -> execute(new SqlWriter(executor.dialect()).keyword("DROP VIEW IF EXISTS ")
                .identifier(name).toSql()));
    }

    /** A field's column, or the name itself when the model has no such field. */
    private String column(Class<?> model, String name) {
        dev.r2orm.schema.Field f = schemas.get(model).lookup(name);
        return f == null ? name : f.column();
    }

    private ColumnType wanted(Class<?> model, ModelTable t, String field) {
        ColumnType c = t.column(column(model, field));
        if (c == null) {
            throw new InvalidModelException(model.getName() + " has no migrated field " + field);
        }
        return c;
    }

    private java.util.Optional<IndexDef> declaredIndex(Class<?> model, String name) {
        ModelTable t = ModelTable.of(schemas.get(model), executor.dialect());
        String column = column(model, name);
        return t.indexes.stream().filter(i -> i.name().equalsIgnoreCase(name)).findFirst()
                .or(() -> t.indexes.stream().filter(i -> i.columns().stream().anyMatch(column::equalsIgnoreCase))
                        .findFirst());
    }

    private Mono<Void> executeAll(List<Sql> statements) {
        return Flux.fromIterable(statements).concatMap(this::execute).then();
    }

    SchemaCatalog.Query catalogQuery(Connection connection) {
        return sql -> executor.query(connection, sql, RowMappers.lowerCaseMap());
    }

    ModelSet models() {
        return new ModelSet(schemas, executor.dialect(), foreignKeys);
    }

    Mono<Void> execute(Sql sql) {
        if (session.dryRun()) {
            return executor.<Void>dryRun(sql).then();
        }
        return executor.withConnection(c -> executor.update(c, sql)).then();
    }
}
