package dev.r2orm.dialect.h2;

import dev.r2orm.ConstraintDetails;
import dev.r2orm.R2ormException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Values;
import dev.r2orm.dialect.ColumnTypes;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ErrorKind;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.dialect.ValueLimits;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * H2 2.x (r2dbc-h2): {@code $1} bind markers, double-quoted identifiers, keys through the driver's generated values
 * (H2 has no {@code RETURNING}), errors by SQLSTATE.
 */
public final class H2Dialect implements Dialect {

    private static final ValueLimits LIMITS = new ValueLimits(true, true, false, -999_999_999, 999_999_999,
            java.time.Duration.ofDays(1_000_000_000_000L), false);

    private static final ColumnTypes TYPES = ColumnTypes.builder("H2")
            .standard()
            .put(String.class, ColumnTypes.sized("varchar", "varchar"))
            .put(Byte.class, "tinyint")
            .put(BigDecimal.class, ColumnTypes.decimal("numeric", "numeric(65,30)"))
            .put(BigInteger.class, f -> "numeric(" + (f.precision() > 0 ? f.precision() : 38) + ",0)")
            .put(byte[].class, ColumnTypes.sized("varbinary", "varbinary"))
            .put(java.time.Duration.class, "interval day(18) to second(6)")
            .json("json")
            .array(t -> t + " array")
            .databaseEnum(ColumnTypes::enumColumn)
            .build();

    /** H2 reports a foreign key violation on insert as 23506 and a deadlock as 40001. */
    private static final Map<String, ErrorKind> STATES = Map.of(
            "23505", ErrorKind.DUPLICATE_KEY,
            "23503", ErrorKind.FOREIGN_KEY,
            "23506", ErrorKind.FOREIGN_KEY,
            "23513", ErrorKind.CHECK,
            "23514", ErrorKind.CHECK,
            "23502", ErrorKind.NOT_NULL,
            "40001", ErrorKind.DEADLOCK,
            "42S22", ErrorKind.UNDEFINED_COLUMN);

    /** The alias of the inserted rows in a {@code MERGE}, named after PostgreSQL's {@code EXCLUDED}. */
    private static final String EXCLUDED = "excluded";

    /** Creates the dialect. */
    public H2Dialect() {
    }

    /** NULL sorts before every value in ascending order. */
    /** r2dbc-h2 begins a read-only transaction as a read-write one; r2orm refuses its writes instead. */
    @Override
    public boolean enforcesReadOnly() {
        return false;
    }

    @Override
    public boolean nullsSortHigh() {
        return false;
    }

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public boolean matches(ConnectionFactoryMetadata metadata) {
        return "H2".equalsIgnoreCase(metadata.getName());
    }

    @Override
    public void bindMarker(StringBuilder sql, int index) {
        sql.append('$').append(index + 1);
    }

    /**
     * A {@code BigInteger} binds as the {@code BigDecimal} of the same value (the driver has no codec for it), and a
     * {@code BigDecimal} with a negative scale ({@code 1E+7}) as the same value with scale 0 (H2 refuses a negative
     * scale with an error of its own).
     */
    @Override
    public Object bindValue(Object value) {
        if (value instanceof BigDecimal d && d.scale() < 0) {
            return d.setScale(0);
        }
        return value instanceof BigInteger i ? new BigDecimal(i) : value;
    }

    /** A null {@code BigInteger} binds as a null {@code BigDecimal}: the driver has no codec for the former. */
    @Override
    public void bind(io.r2dbc.spi.Statement statement, int index, @Nullable Object value, Class<?> type) {
        Dialect.super.bind(statement, index, value, value == null && type == BigInteger.class ? BigDecimal.class
                : type);
    }

    /** The driver sends strings as CLOB, which H2 does not convert to {@code ENUM}: the label is cast to text. */
    @Override
    public void bindLabel(SqlWriter w, @Nullable String label) {
        w.keyword("CAST(").bindAsIs(label, String.class).keyword(" AS VARCHAR)");
    }

    /** JSON binds as its UTF-8 bytes, which H2 reads as JSON (a string would be stored as a JSON string). */
    @Override
    public void bindField(SqlWriter w, @Nullable Object value, Field field) {
        if (field.isJson() && (value == null || value instanceof String)) {
            w.bindAsIs(value == null ? null : ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    byte[].class);
        } else {
            Dialect.super.bindField(w, value, field);
        }
    }

    /**
     * {@code FOR UPDATE}, optionally with {@code NOWAIT} or {@code SKIP LOCKED}.
     *
     * @throws UnsupportedByDialectException for {@code FOR SHARE} (H2 takes no shared row locks) and for {@code OF}
     *     tables (H2 parses but ignores them)
     */
    @Override
    public void lock(SqlWriter sql, Locking locking) {
        if (locking.strength() == Locking.Strength.SHARE) {
            throw new UnsupportedByDialectException("H2 does not support FOR SHARE (shared row locks): use FOR UPDATE");
        }
        Dialect.super.lock(sql, locking);
    }

    /**
     * H2 has no {@code INSERT ... ON CONFLICT}: its upserts are {@code MERGE} statements.
     *
     * @throws UnsupportedByDialectException always; use {@link #merge(SqlWriter, Insert, Values, OnConflict, List)}
     */
    @Override
    public void upsert(SqlWriter sql, OnConflict onConflict, List<String> insertColumns, List<String> keyColumns) {
        throw new UnsupportedByDialectException("H2 does not support INSERT ... ON CONFLICT: an upsert is rendered as"
                + " a MERGE statement (Dialect.merge)");
    }

    /** @return {@code true}: an upsert is a {@code MERGE} */
    @Override
    public boolean upsertReplacesInsert() {
        return true;
    }

    /**
     * The standard {@code MERGE}, matching the inserted rows with existing ones on the conflict target (the primary
     * key by default):
     *
     * <pre>{@code
     * MERGE INTO "users" USING (VALUES ($1,$2),($3,$4)) AS "excluded" ("id","name") ON "users"."id"="excluded"."id"
     *   WHEN MATCHED THEN UPDATE SET "name"="excluded"."name"           -- left out for a do-nothing
     *   WHEN NOT MATCHED THEN INSERT ("id","name") VALUES ("excluded"."id","excluded"."name")
     * }</pre>
     * Unlike PostgreSQL and MySQL, a collision on another unique key than the target fails with a duplicate key.
     *
     * @throws UnsupportedByDialectException when there is no target (no {@code on(...)} and no primary key), when a
     *     target column is not inserted, or for a {@link Values#DEFAULT} value
     * @throws IllegalArgumentException when there is no row, or the rows and columns differ in size
     */
    @Override
    public void merge(SqlWriter sql, Insert insert, Values values, OnConflict onConflict, List<String> keyColumns) {
        List<String> columns = insert.columns();
        if (values.rows().isEmpty() || values.types().size() != columns.size()) {
            throw new IllegalArgumentException("MERGE needs at least one row with one value per column; got "
                    + values.rows().size() + " row(s) of " + values.types().size() + " value(s) for "
                    + columns.size() + " column(s)");
        }
        List<String> target = onConflict.targetOr(keyColumns);
        if (target.isEmpty()) {
            throw new UnsupportedByDialectException("H2 does not support an upsert without a conflict target (MERGE"
                    + " matches rows on named columns): name a unique key with OnConflict.on(...)");
        }
        for (String t : target) {
            if (!columns.contains(t)) {
                throw new UnsupportedByDialectException("H2 does not support an upsert on conflict target '" + t
                        + "' when that column is not inserted (MERGE matches the inserted rows on it)");
            }
        }
        String table = insert.table();
        sql.keyword("MERGE INTO ").identifier(table).keyword(" USING (VALUES ");
        for (int r = 0; r < values.rows().size(); r++) {
            List<@Nullable Object> row = values.rows().get(r);
            sql.keyword(r == 0 ? "(" : ",(");
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) == Values.DEFAULT) {
                    throw new UnsupportedByDialectException("H2 does not support DEFAULT values in an upsert (MERGE"
                            + " ... USING VALUES): leave column '" + columns.get(c) + "' out of the insert");
                }
                sql.keyword(c == 0 ? "" : ",").bind(row.get(c), values.types().get(c));
            }
            sql.keyword(")");
        }
        sql.keyword(") AS ").identifier(EXCLUDED).keyword(" (");
        identifiers(sql, columns, null);
        sql.keyword(") ON ");
        for (int i = 0; i < target.size(); i++) {
            sql.keyword(i == 0 ? "" : " AND ").identifier(table).keyword(".").identifier(target.get(i))
                    .keyword("=").identifier(EXCLUDED).keyword(".").identifier(target.get(i));
        }
        if (!onConflict.doesNothing(columns, keyColumns)) {
            sql.keyword(" WHEN MATCHED THEN UPDATE SET ");
            String sep = "";
            if (onConflict.action() == OnConflict.Action.ASSIGN) {
                for (Map.Entry<String, @Nullable Object> a : onConflict.assignments().entrySet()) {
                    sql.keyword(sep).identifier(a.getKey()).keyword("=");
                    OnConflict.writeValue(sql, a.getValue());
                    sep = ",";
                }
            } else {
                for (String c : onConflict.updatedColumns(columns, keyColumns)) {
                    sql.keyword(sep).identifier(c).keyword("=").identifier(EXCLUDED).keyword(".").identifier(c);
                    sep = ",";
                }
            }
        }
        sql.keyword(" WHEN NOT MATCHED THEN INSERT (");
        identifiers(sql, columns, null);
        sql.keyword(") VALUES (");
        identifiers(sql, columns, EXCLUDED);
        sql.keyword(")");
    }

    private static void identifiers(SqlWriter sql, List<String> columns, @Nullable String qualifier) {
        for (int i = 0; i < columns.size(); i++) {
            sql.keyword(i == 0 ? "" : ",");
            if (qualifier != null) {
                sql.identifier(qualifier).keyword(".");
            }
            sql.identifier(columns.get(i));
        }
    }

    /** H2 reads the changed rows from a data change delta table: {@code FINAL TABLE (UPDATE ...)}. */
    @Override
    public dev.r2orm.clause.Sql returning(dev.r2orm.Statement statement, java.util.List<String> order,
            boolean delete) {
        dev.r2orm.clause.SqlWriter w = new dev.r2orm.clause.SqlWriter(this);
        w.keyword(delete ? "SELECT * FROM OLD TABLE (" : "SELECT * FROM FINAL TABLE (");
        statement.renderInto(w, order);
        return w.keyword(")").toSql();
    }

    /**
     * H2 keeps NUL, NaN and the infinities (but stores a negative zero as zero), the years -999,999,999 to
     * 999,999,999, and intervals of up to 10<sup>12</sup> days (its driver fails on longer ones with an error of its
     * own).
     *
     * @return the limits
     */
    @Override
    public ValueLimits valueLimits() {
        return LIMITS;
    }

    @Override
    public KeyStrategy keyStrategy() {
        return KeyStrategy.GENERATED_VALUES;
    }

    @Override
    public String columnType(Field f) {
        return TYPES.of(f);
    }

    @Override
    public String autoIncrementType(Field f) {
        Class<?> t = f.boxedType();
        return (t == Integer.class ? "integer" : t == Short.class ? "smallint" : "bigint")
                + " generated by default as identity";
    }

    @Override
    public dev.r2orm.dialect.Ddl ddl() {
        return new H2Ddl(this);
    }

    @Override
    public String hasTableSql() {
        return "SELECT 1 FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA AND table_name = $1";
    }

    @Override
    public String hasConstraintSql() {
        return "SELECT 1 FROM information_schema.table_constraints WHERE table_schema = CURRENT_SCHEMA"
                + " AND table_name = $1 AND constraint_name = $2";
    }

    @Override
    public SchemaCatalog catalog() {
        return H2Catalog.INSTANCE;
    }

    /** {@inheritDoc} H2's session cancel, which costs nothing: sent at once. */
    @Override
    public Mono<Void> cancelStatement(Connection connection, io.r2dbc.spi.ConnectionFactory factory) {
        return H2Sessions.cancel(connection);
    }

    /** {@inheritDoc} Zero: cancelling an H2 command costs nothing, and validating a busy session would block. */
    @Override
    public java.time.Duration cancelGrace() {
        return java.time.Duration.ZERO;
    }

    /**
     * H2 folds unquoted names to upper case unless told otherwise, while r2orm names tables and columns in lower case
     * (quoted), as PostgreSQL folds: {@code where("title = ?")} would look for {@code TITLE}. {@code Db.open(url)} adds
     * {@code DATABASE_TO_LOWER=TRUE}; a connection factory built elsewhere (a Spring Boot {@code spring.r2dbc.url})
     * must say it, and this check names the fix: it signals {@link UnsupportedByDialectException} for such a database
     * (and the driver's error when the setting cannot be read). Cancelling stops its one query; a check cancelled
     * has not passed, so the next connection is checked again.
     */
    @Override
    public Mono<Void> check(Connection connection) {
        return Flux.from(connection.createStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME = 'DATABASE_TO_UPPER'").execute())
                .concatMap(r -> r.map((row, md) -> String.valueOf(row.get(0))))
                .next()
                .flatMap(upper -> "true".equalsIgnoreCase(upper) ? Mono.<Void>error(new UnsupportedByDialectException(
                        "this H2 database folds unquoted names to upper case (its default), so conditions such as"
                        + " where(\"title = ?\") would not find r2orm's lower-case columns: add DATABASE_TO_LOWER=TRUE"
                        + " to the H2 URL, for example r2dbc:h2:mem:///app?options=DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1"
                        + " (Db.open(url) adds it by itself)")) : Mono.empty());
    }

    /**
     * {@inheritDoc} A constraint violation carries the constraint, table and column read from H2's message; a column
     * not found (42S22) the column; a data exception (class 22) is an {@link dev.r2orm.InvalidValueException} naming
     * the column H2's message names.
     */
    @Override
    public R2ormException translate(Throwable error, String sql) {
        ErrorKind kind = ErrorKind.ofSqlState(error, STATES);
        if (kind == ErrorKind.INVALID_VALUE) {
            String state = ((R2dbcException) error).getSqlState();
            // H2 2.x reports a number out of a column's range as 22004
            return ErrorKind.invalidValue(error, sql, H2Errors.valueColumn(error.getMessage()),
                    ErrorKind.dataError("22004".equals(state) ? "22003" : state));
        }
        if (kind == ErrorKind.UNDEFINED_COLUMN) {
            return kind.toException(error, sql,
                    new ConstraintDetails(null, null, H2Errors.missingColumn(error.getMessage())));
        }
        return kind.toException(error, sql, H2Errors.details(kind, error.getMessage()));
    }

}
