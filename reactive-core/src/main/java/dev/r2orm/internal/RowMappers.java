package dev.r2orm.internal;

import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
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
     * Reads a field's column, converting what the driver cannot (enums from their name, UUIDs stored as text) and
     * through the field's converter.
     *
     * @param row the row
     * @param index the column index
     * @param field the field
     * @return the value, or null
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static @Nullable Object read(Row row, int index, Field field) {
        Class<?> type = field.boxedType();
        if (type.isEnum()) {
            String name = row.get(index, String.class);
            return name == null ? null : Enum.valueOf((Class) type, name);
        }
        if (field.converter() != null) {
            return field.fromColumn(row.get(index, field.storedType()));
        }
        if (type == UUID.class) {
            Object v = row.get(index);
            return v instanceof String ? UUID.fromString((String) v) : v;
        }
        return row.get(index, type);
    }

    private static final class EntityMapper implements BiFunction<Row, RowMetadata, Object> {

        private final Schema schema;
        private @Nullable Field[] plan;

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
                    values[f.index()] = read(row, i, f);
                }
            }
            return schema.instantiate(values);
        }

        private Field[] plan(RowMetadata metadata) {
            List<? extends ColumnMetadata> columns = metadata.getColumnMetadatas();
            Field[] p = new Field[columns.size()];
            for (int i = 0; i < p.length; i++) {
                Field f = schema.fieldByColumn(columns.get(i).getName());
                p[i] = f != null && f.isReadable() ? f : null;
            }
            return p;
        }
    }
}
