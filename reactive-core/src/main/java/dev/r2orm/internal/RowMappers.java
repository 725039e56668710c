package dev.r2orm.internal;

import dev.r2orm.R2ormException;
import dev.r2orm.schema.EnumLabels;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Row mappers. The entity mapper resolves the result's columns to fields once, on the first row, and then reads every
 * row by index.
 */
public final class RowMappers {

    /** What a scalar mapper emits for SQL NULL, since a reactive stream cannot carry null; filter it out. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    /**
     * Reads a generated key in the first column as a {@code Long}, whatever integer type the database gave it (H2
     * returns an {@code INTEGER} identity as {@code Integer}).
     */
    public static final BiFunction<Row, RowMetadata, Long> KEY = (row, meta) -> {
        Object v = row.get(0);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a generated key of type " + (v == null ? "NULL" : v.getClass().getName())
                + " is not an integer");
    };

    private RowMappers() {
    }

    /**
     * A mapper emitting each row as a map from lower-case column label to value, SQL NULL as a missing entry; for
     * catalog queries, whose labels differ in case between databases.
     *
     * @return the mapper
     */
    public static BiFunction<Row, RowMetadata, Map<String, @Nullable Object>> lowerCaseMap() {
        return (row, meta) -> {
            List<? extends ColumnMetadata> columns = meta.getColumnMetadatas();
            Map<String, @Nullable Object> out = new java.util.HashMap<>(columns.size() * 2);
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(i);
                if (v != null) {
                    out.put(columns.get(i).getName().toLowerCase(Locale.ROOT), v);
                }
            }
            return out;
        };
    }

    /**
     * A mapper building instances of a model; columns without a field are ignored, fields without a column stay
     * unset. Create one per result: it remembers the result's column layout.
     *
     * @param schema the model's schema
     * @return a new mapper
     */
    public static BiFunction<Row, RowMetadata, Object> entity(Schema schema) {
        return new EntityMapper(schema);
    }

    /**
     * The mapper for a result type: an entity mapper when a schema is given, a map of column label to value for
     * {@code Map}, else the first column as the type ({@link #NULL} for SQL NULL).
     *
     * @param type the result type
     * @param schema the result type's schema, or null
     * @return a new mapper (entity mappers remember the result's column layout: one per result)
     */
    public static BiFunction<Row, RowMetadata, Object> forType(Class<?> type, @Nullable Schema schema) {
        if (schema != null) {
            return entity(schema);
        }
        if (Map.class.isAssignableFrom(type)) {
            return RowMappers::map;
        }
        return (row, meta) -> {
            Object v = row.get(0, type);
            return v == null ? NULL : v;
        };
    }

    private static Object map(Row row, RowMetadata metadata) {
        List<? extends ColumnMetadata> columns = metadata.getColumnMetadatas();
        Map<String, @Nullable Object> out = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i).getName().toLowerCase(Locale.ROOT), row.get(i));
        }
        return out;
    }

    /**
     * A mapper reading the first column as the given type.
     *
     * @param type the Java type
     * @param <T> the type
     * @return the mapper
     */
    public static <T> BiFunction<Row, RowMetadata, T> scalar(Class<T> type) {
        return (row, meta) -> row.get(0, type);
    }

    /**
     * Reads a field's column, converting what the driver cannot: enums from their database labels, arrays into the
     * field's list or array type, intervals into {@link Duration}, UUIDs stored as text, and values through the
     * field's converter.
     *
     * @param row the row
     * @param index the column index
     * @param field the field
     * @return the value, or null
     * @throws RuntimeException when the value cannot become the field's type ({@link #decodeError} names it)
     */
    public static @Nullable Object read(Row row, int index, Field field) {
        Class<?> type = field.boxedType();
        if (field.converter() != null) {
            return field.fromColumn(row.get(index, field.storedType()));
        }
        if (type.isEnum()) {
            String label = row.get(index, String.class);
            return label == null ? null : EnumLabels.of(type).parse(label);
        }
        if (field.arrayElement() != null) {
            return field.fromArray(row.get(index));
        }
        if (type == UUID.class) {
            Object v = row.get(index);
            return v instanceof String ? UUID.fromString((String) v) : v;
        }
        if (type == Duration.class) {
            return duration(row, index);
        }
        if (type == java.math.BigInteger.class) {
            return bigInteger(row, index);
        }
        return row.get(index, type);
    }

    /** r2dbc-h2 has no {@code BigInteger} codec: the column's decimal (which must be whole) or integer is converted. */
    private static @Nullable Object bigInteger(Row row, int index) {
        Object v = row.get(index);
        if (v instanceof java.math.BigDecimal d) {
            return d.toBigIntegerExact();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return java.math.BigInteger.valueOf(((Number) v).longValue());
        }
        return v == null || v instanceof java.math.BigInteger ? v : row.get(index, java.math.BigInteger.class);
    }

    /**
     * The error for a column value that cannot be read into its field, naming the model, the field, the column and
     * the database type, with the driver's or the conversion's error as its cause.
     *
     * @param schema the model
     * @param field the field
     * @param column the column's metadata, or null when unknown
     * @param cause what went wrong
     * @return the error to signal
     */
    public static R2ormException decodeError(Schema schema, Field field, @Nullable ColumnMetadata column,
            RuntimeException cause) {
        String dbType = column == null ? "unknown" : column.getType().getName();
        return new R2ormException("cannot read column " + field.column() + " (database type " + dbType
                + ") into field " + schema.type().getSimpleName() + "." + field.name() + " ("
                + field.genericType().getTypeName() + "): " + cause.getMessage(), cause);
    }

    private static @Nullable Duration duration(Row row, int index) {
        Object v = row.get(index);
        if (v == null || v instanceof Duration) {
            return (Duration) v;
        }
        IntervalParts parts = INTERVALS.get(v.getClass());
        if (parts == null) {
            return row.get(index, Duration.class);
        }
        try {
            java.time.Period period = (java.time.Period) parts.period.invoke(v);
            if (period.getYears() != 0 || period.getMonths() != 0) {
                throw new IllegalArgumentException("the interval has years or months, which a Duration cannot hold"
                        + " exactly; use a database interval of days and less");
            }
            return ((Duration) parts.duration.invoke(v)).plusDays(period.getDays());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A driver's interval type with {@code getPeriod()} and {@code getDuration()} (PostgreSQL's), found once. */
    private record IntervalParts(java.lang.invoke.MethodHandle period, java.lang.invoke.MethodHandle duration) {
    }

    private static final ClassValue<@Nullable IntervalParts> INTERVALS = new ClassValue<>() {
        @Override
        protected @Nullable IntervalParts computeValue(Class<?> type) {
            try {
                java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.publicLookup();
                return new IntervalParts(
                        lookup.findVirtual(type, "getPeriod", java.lang.invoke.MethodType.methodType(
                                java.time.Period.class)),
                        lookup.findVirtual(type, "getDuration", java.lang.invoke.MethodType.methodType(
                                Duration.class)));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    };

    private static final class EntityMapper implements BiFunction<Row, RowMetadata, Object> {

        private final Schema schema;
        private @Nullable Field[] plan;
        private @Nullable List<? extends ColumnMetadata> columns;

        EntityMapper(Schema schema) {
            this.schema = schema;
        }

        @Override
        public Object apply(Row row, RowMetadata metadata) {
            Field[] p = plan;
            if (p == null) {
                p = plan(metadata);
                plan = p;
            }
            Object[] values = new Object[schema.fields().size()];
            for (int i = 0; i < p.length; i++) {
                Field f = p[i];
                if (f != null) {
                    try {
                        values[f.index()] = read(row, i, f);
                    } catch (RuntimeException e) {
                        throw decodeError(schema, f, columns == null ? null : columns.get(i), e);
                    }
                }
            }
            return schema.instantiate(values);
        }

        private Field[] plan(RowMetadata metadata) {
            List<? extends ColumnMetadata> columns = metadata.getColumnMetadatas();
            this.columns = columns;
            Field[] p = new Field[columns.size()];
            for (int i = 0; i < p.length; i++) {
                Field f = schema.fieldByColumn(columns.get(i).getName());
                p[i] = f != null && f.isReadable() ? f : null;
            }
            return p;
        }
    }
}
