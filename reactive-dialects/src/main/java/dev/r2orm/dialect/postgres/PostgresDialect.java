package dev.r2orm.dialect.postgres;

import dev.r2orm.InvalidModelException;
import dev.r2orm.R2ormException;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ErrorKind;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * PostgreSQL (r2dbc-postgresql): {@code $1} bind markers, double-quoted identifiers, keys through
 * {@code RETURNING}, errors by SQLSTATE.
 */
public final class PostgresDialect implements Dialect {

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
    public void bindMarker(StringBuilder sql, int index) {
        sql.append('$').append(index + 1);
    }

    @Override
    public KeyStrategy keyStrategy() {
        return KeyStrategy.RETURNING;
    }

    @Override
    public String columnType(Field f) {
        if (!f.sqlType().isEmpty()) {
            return f.sqlType();
        }
        Class<?> t = f.boxedType();
        if (t == String.class) {
            return f.size() > 0 ? "varchar(" + f.size() + ")" : "text";
        }
        if (t == Long.class) {
            return "bigint";
        }
        if (t == Integer.class) {
            return "integer";
        }
        if (t == Short.class || t == Byte.class) {
            return "smallint";
        }
        if (t == Boolean.class) {
            return "boolean";
        }
        if (t == Double.class) {
            return "double precision";
        }
        if (t == Float.class) {
            return "real";
        }
        if (t == BigDecimal.class) {
            return f.precision() > 0 ? "numeric(" + f.precision() + "," + f.scale() + ")" : "numeric";
        }
        if (t == BigInteger.class) {
            return "numeric(" + (f.precision() > 0 ? f.precision() : 38) + ",0)";
        }
        if (t == Instant.class || t == OffsetDateTime.class) {
            return "timestamp(6) with time zone";
        }
        if (t == LocalDateTime.class) {
            return "timestamp(6)";
        }
        if (t == LocalDate.class) {
            return "date";
        }
        if (t == LocalTime.class) {
            return "time(6)";
        }
        if (t == UUID.class) {
            return "uuid";
        }
        if (t == byte[].class) {
            return "bytea";
        }
        if (t.isEnum()) {
            return "varchar(" + (f.size() > 0 ? f.size() : 255) + ")";
        }
        throw new InvalidModelException("field " + f.name() + " has type " + f.type().getName()
                + " with no PostgreSQL column type; set @Column(type = \"...\")");
    }

    @Override
    public String autoIncrementType(Field f) {
        Class<?> t = f.boxedType();
        return t == Integer.class ? "serial" : t == Short.class ? "smallserial" : "bigserial";
    }

    @Override
    public String hasTableSql() {
        return "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1";
    }

    @Override
    public R2ormException translate(Throwable error, String sql) {
        String state = error instanceof R2dbcException ? ((R2dbcException) error).getSqlState() : null;
        ErrorKind kind;
        if (state == null) {
            kind = ErrorKind.OTHER;
        } else {
            switch (state) {
                case "23505": kind = ErrorKind.DUPLICATE_KEY; break;
                case "23503": kind = ErrorKind.FOREIGN_KEY; break;
                case "23514": kind = ErrorKind.CHECK; break;
                case "23502": kind = ErrorKind.NOT_NULL; break;
                case "40001": kind = ErrorKind.SERIALIZATION; break;
                case "40P01": kind = ErrorKind.DEADLOCK; break;
                default: kind = state.startsWith("23") ? ErrorKind.CONSTRAINT : ErrorKind.OTHER;
            }
        }
        return kind.toException(error, sql);
    }
}
