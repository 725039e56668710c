package dev.r2orm.dialect.postgres;

import dev.r2orm.ConstraintDetails;
import dev.r2orm.R2ormException;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.ServerTyped;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.ColumnTypes;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ErrorKind;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.dialect.ValueLimits;
import dev.r2orm.schema.EnumLabels;
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
 * PostgreSQL (r2dbc-postgresql): {@code $1} bind markers, double-quoted identifiers, keys through
 * {@code RETURNING}, errors by SQLSTATE.
 */
public final class PostgresDialect implements Dialect {

    private static final ValueLimits LIMITS = new ValueLimits(false, true, true, -4712, 294_275,
            java.time.Duration.ofDays(178_000_000L * 365), true);

    private static final ColumnTypes TYPES = ColumnTypes.builder("PostgreSQL")
            .standard()
            .put(String.class, ColumnTypes.sized("varchar", "text"))
            .put(Byte.class, "smallint")
            .put(BigDecimal.class, ColumnTypes.decimal("numeric", "numeric"))
            .put(BigInteger.class, f -> "numeric(" + (f.precision() > 0 ? f.precision() : 38) + ",0)")
            .put(byte[].class, "bytea")
            .put(java.time.Duration.class, "interval")
            .json("jsonb")
            .array(t -> t + "[]")
            .databaseEnum(l -> enumTypeName(java.util.Objects.requireNonNull(l.databaseType())))
            .build();

    /** Element types of the arrays a multi-row INSERT binds, for the Java types the driver encodes as arrays. */
    private static final Map<Class<?>, String> ARRAY_ELEMENTS = Map.ofEntries(
            Map.entry(String.class, "text"),
            Map.entry(Long.class, "bigint"),
            Map.entry(Integer.class, "integer"),
            Map.entry(Short.class, "smallint"),
            Map.entry(Boolean.class, "boolean"),
            Map.entry(Double.class, "double precision"),
            Map.entry(Float.class, "real"),
            Map.entry(BigDecimal.class, "numeric"),
            Map.entry(java.time.Instant.class, "timestamptz"),
            Map.entry(java.time.OffsetDateTime.class, "timestamptz"),
            Map.entry(java.time.LocalDateTime.class, "timestamp"),
            Map.entry(java.time.LocalDate.class, "date"),
            Map.entry(java.time.LocalTime.class, "time"),
            Map.entry(java.util.UUID.class, "uuid"));

    private static final Map<String, ErrorKind> STATES = Map.of(
            "23505", ErrorKind.DUPLICATE_KEY,
            "23503", ErrorKind.FOREIGN_KEY,
            "23514", ErrorKind.CHECK,
            "23502", ErrorKind.NOT_NULL,
            "40001", ErrorKind.SERIALIZATION,
            "40P01", ErrorKind.DEADLOCK,
            "42703", ErrorKind.UNDEFINED_COLUMN);

    /** Creates the dialect. */
    public PostgresDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean matches(ConnectionFactoryMetadata metadata) {
        return "PostgreSQL".equalsIgnoreCase(metadata.getName());
    }

    @Override
    public boolean supportsCopyIn() {
        return true;
    }

    /** {@code COPY "t" ("a","b") FROM STDIN}: the text format. */
    @Override
    public String copyInSql(String table, List<String> columns) {
        StringBuilder sql = new StringBuilder("COPY ");
        quote(sql, table);
        sql.append(" (");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sql.append(',');
            }
            quote(sql, columns.get(i));
        }
        return sql.append(") FROM STDIN").toString();
    }

    /**
     * Feeds the rows in text format; the driver asks for the next message as it sends. A value without a text form
     * here signals {@link dev.r2orm.UnsupportedByDialectException} (which is thrown at once for a connection that is
     * not r2dbc-postgresql's); a COPY the server refuses signals the driver's error. Cancelling makes the driver send
     * {@code CopyFail}: the server fails the COPY, so none of its rows are written (inside a transaction, the
     * transaction is then aborted and can only roll back).
     */
    @Override
    public Mono<Long> copyIn(Connection connection, String sql, List<String> columns, Flux<@Nullable Object[]> rows) {
        // the driver's classes are touched only here, so the dialect loads without the driver
        return CopyText.copyIn(connection, sql, columns, rows);
    }

    @Override
    public void bindMarker(StringBuilder sql, int index) {
        sql.append('$').append(index + 1);
    }

    /** Sends the label untyped, so that it compares with and writes to a text column and an enum type's alike. */
    @Override
    public void bindLabel(SqlWriter w, @Nullable String label) {
        w.bindAsIs(label, ServerTyped.class);
    }

    /**
     * Sends strings and NULLs untyped, so that the server converts them to the column's type (an enum, {@code jsonb},
     * {@code tsvector}, ...); an array binds as an array of its element type, cast to a declared type.
     */
    @Override
    public void bindField(SqlWriter w, @Nullable Object value, Field field) {
        if (field.arrayElement() != null) {
            if (field.sqlType().isEmpty()) {
                Dialect.super.bindField(w, value, field);
            } else {
                w.keyword("CAST(");
                Dialect.super.bindField(w, value, field);
                w.keyword(" AS " + field.sqlType() + ")");
            }
            return;
        }
        Object v = value instanceof Enum<?> e ? EnumLabels.label(e) : value;
        if (v == null || v instanceof String) {
            w.bindAsIs(v, ServerTyped.class);
        } else {
            w.bind(v, field.storedType());
        }
    }

    @Override
    public void bind(io.r2dbc.spi.Statement statement, int index, @Nullable Object value, Class<?> type) {
        if (type == ServerTyped.class) {
            statement.bind(index, DriverValues.untyped(value));
        } else if (value == null && type == java.time.Duration.class) {
            statement.bindNull(index, DriverValues.intervalType());
        } else {
            Dialect.super.bind(statement, index, value, type);
        }
    }

    /**
     * A {@link java.time.Duration} binds as the driver's interval; one longer than an interval holds is refused with
     * an {@link dev.r2orm.InvalidValueException} (the driver would wrap it around). An {@code OffsetDateTime} whose
     * offset is 16 hours or more binds as the same instant in UTC: PostgreSQL refuses such offsets (22009).
     */
    @Override
    public Object bindValue(Object value) {
        if (value instanceof java.time.Duration d) {
            java.time.Duration max = LIMITS.maxDuration();
            if (max != null && (d.compareTo(max) > 0 || d.compareTo(max.negated()) < 0)) {
                throw new dev.r2orm.InvalidValueException("invalid value: a duration longer than the " + max
                        + " a PostgreSQL interval holds", null, null, null);
            }
            return DriverValues.interval(d);
        }
        if (value instanceof java.time.OffsetDateTime o && Math.abs(o.getOffset().getTotalSeconds()) >= 16 * 3600
                && !o.equals(java.time.OffsetDateTime.MIN) && !o.equals(java.time.OffsetDateTime.MAX)) {
            // PostgreSQL takes offsets up to 15:59; the same instant in UTC is what a timestamptz keeps anyway
            return o.withOffsetSameInstant(java.time.ZoneOffset.UTC);
        }
        return value;
    }

    /** The type name as written in DDL: bare when PostgreSQL keeps it as written, else quoted. */
    static String enumTypeName(String name) {
        if (name.matches("[a-z_][a-z0-9_]{0,62}")) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        new PostgresDialect().quote(b, name);
        return b.toString();
    }

    /**
     * {@code FOR UPDATE} or {@code FOR SHARE}, then {@code OF "a","b"} when tables are named, then {@code NOWAIT} or
     * {@code SKIP LOCKED}: {@code FOR SHARE OF "users" SKIP LOCKED}.
     */
    @Override
    public void lock(SqlWriter sql, Locking locking) {
        sql.keyword(locking.strength() == Locking.Strength.UPDATE ? "FOR UPDATE" : "FOR SHARE");
        for (int i = 0; i < locking.tables().size(); i++) {
            sql.keyword(i == 0 ? " OF " : ",").identifier(locking.tables().get(i));
        }
        if (locking.options() == Locking.Wait.NOWAIT) {
            sql.keyword(" NOWAIT");
        } else if (locking.options() == Locking.Wait.SKIP_LOCKED) {
            sql.keyword(" SKIP LOCKED");
        }
    }

    /**
     * PostgreSQL's text cannot hold NUL; {@code real} and {@code double precision} keep NaN and the infinities;
     * timestamps hold 4713 BC (year -4712) to 294275 AD, and {@code -infinity} and {@code infinity}, which the driver
     * reads and writes as the {@code MIN} and {@code MAX} of {@code LocalDate}, {@code LocalDateTime} and
     * {@code OffsetDateTime}; an {@code interval} holds 178,000,000 years either side of zero.
     *
     * @return the limits
     */
    @Override
    public ValueLimits valueLimits() {
        return LIMITS;
    }

    @Override
    public KeyStrategy keyStrategy() {
        return KeyStrategy.RETURNING;
    }

    /**
     * {@inheritDoc} Here: text, integer, floating-point, numeric, boolean, date and time types and {@code uuid}; an
     * enum travels as {@code text}.
     */
    @Override
    public @Nullable String arrayElementType(Class<?> storedType) {
        return storedType.isEnum() ? "text" : ARRAY_ELEMENTS.get(storedType);
    }

    @Override
    public String columnType(Field f) {
        return TYPES.of(f);
    }

    @Override
    public String autoIncrementType(Field f) {
        Class<?> t = f.boxedType();
        return t == Integer.class ? "serial" : t == Short.class ? "smallserial" : "bigserial";
    }

    @Override
    public dev.r2orm.dialect.Ddl ddl() {
        return new PostgresDdl(this);
    }

    @Override
    public String hasTableSql() {
        return "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1";
    }

    @Override
    public String hasConstraintSql() {
        return "SELECT 1 FROM information_schema.table_constraints WHERE table_schema = current_schema()"
                + " AND table_name = $1 AND constraint_name = $2";
    }

    @Override
    public SchemaCatalog catalog() {
        return PostgresCatalog.INSTANCE;
    }

    /**
     * {@inheritDoc} PostgreSQL's cancel request, sent on a connection of its own (the server starts a process to
     * serve it, hence the grace before it).
     */
    @Override
    public Mono<Void> cancelStatement(Connection connection, io.r2dbc.spi.ConnectionFactory factory) {
        return connection instanceof io.r2dbc.postgresql.api.PostgresqlConnection pg ? pg.cancelRequest()
                : Mono.empty();
    }

    /** 57014 (query_canceled) with the server's statement-timeout message; a cancel by another session is not one. */
    @Override
    public boolean isStatementTimeout(R2dbcException error) {
        String message = error.getMessage();
        return "57014".equals(error.getSqlState()) && message != null && message.contains("statement timeout");
    }

    /**
     * {@inheritDoc} A constraint violation carries the constraint, table and column from the fields of the server's
     * error; an undefined column (42703) the column its message names; a data exception (class 22) is an
     * {@link dev.r2orm.InvalidValueException}, naming the column when the server's error has one (most do not).
     */
    @Override
    public R2ormException translate(Throwable error, String sql) {
        ErrorKind kind = ErrorKind.ofSqlState(error, STATES);
        if (kind == ErrorKind.INVALID_VALUE) {
            return ErrorKind.invalidValue(error, sql, PostgresErrors.column(error),
                    ErrorKind.dataError(((R2dbcException) error).getSqlState()));
        }
        if (kind == ErrorKind.UNDEFINED_COLUMN) {
            return kind.toException(error, sql,
                    new ConstraintDetails(null, null, PostgresErrors.missingColumn(error.getMessage())));
        }
        return kind.toException(error, sql, PostgresErrors.details(kind, error));
    }

}
