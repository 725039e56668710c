package dev.r2orm;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ErrorKind;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.ConnectionFactoryMetadata;

public final class TestDialect implements Dialect {

    @Override
    public String name() {
        return "Test";
    }

    @Override
    public boolean matches(ConnectionFactoryMetadata metadata) {
        return false;
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
    public String columnType(Field field) {
        if (!field.sqlType().isEmpty()) {
            return field.sqlType();
        }
        Class<?> t = field.boxedType();
        if (t == String.class) {
            return field.size() > 0 ? "varchar(" + field.size() + ")" : "text";
        }
        if (t == Long.class) {
            return "bigint";
        }
        if (t == Integer.class) {
            return "integer";
        }
        if (t == Boolean.class) {
            return "boolean";
        }
        return "other";
    }

    @Override
    public String autoIncrementType(Field field) {
        return "bigserial";
    }

    @Override
    public String hasTableSql() {
        return "SELECT 1 FROM information_schema.tables WHERE table_name = $1";
    }

    @Override
    public R2ormException translate(Throwable error, String sql) {
        return ErrorKind.OTHER.toException(error, sql);
    }

    @Override
    public String hasConstraintSql() {
        return "SELECT 1 FROM constraints WHERE table_name = $1 AND constraint_name = $2";
    }
}
