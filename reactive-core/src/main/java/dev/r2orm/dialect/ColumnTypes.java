package dev.r2orm.dialect;

import dev.r2orm.InvalidModelException;
import dev.r2orm.schema.EnumLabels;
import dev.r2orm.schema.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A dialect's table from Java types to DDL column types. An explicit {@code @Column(type)} always wins; an enum is
 * stored as its labels in {@code varchar(size)} (255 by default) unless it is a {@code @DatabaseEnum}.
 *
 * <pre>{@code
 * ColumnTypes.builder("PostgreSQL")
 *         .put(String.class, f -> f.size() > 0 ? "varchar(" + f.size() + ")" : "text")
 *         .put(Long.class, "bigint")
 *         .build();
 * }</pre>
 */
public final class ColumnTypes {

    private final String dialect;
    private final Map<Class<?>, Function<Field, String>> rules;
    private final @Nullable String json;
    private final @Nullable Function<String, String> array;
    private final @Nullable Function<EnumLabels, String> databaseEnum;

    private ColumnTypes(Builder b) {
        this.dialect = b.dialect;
        this.rules = Map.copyOf(b.rules);
        this.json = b.json;
        this.array = b.array;
        this.databaseEnum = b.databaseEnum;
    }

    /**
     * Starts a table.
     *
     * @param dialect the dialect's name, for error messages
     * @return a builder
     */
    public static Builder builder(String dialect) {
        return new Builder(dialect);
    }

    /**
     * The column type of a field: its {@code @Column(type)}; else JSON for a JSON field, an array of the element's
     * type for a list or array field, the database enum type of an enum annotated {@code @DatabaseEnum}, the rule of
     * its stored type, or {@code varchar(255)} for another enum.
     *
     * @param field the field
     * @return the SQL type
     * @throws InvalidModelException naming the field, its type and the fix when the table has no entry, or the
     *     database has no arrays
     */
    public String of(Field field) {
        if (!field.sqlType().isEmpty()) {
            return field.sqlType();
        }
        if (field.isJson() && json != null) {
            return json;
        }
        Class<?> element = field.arrayElement();
        if (element != null) {
            if (array == null) {
                throw new InvalidModelException("field " + field.name() + " is a " + field.genericType().getTypeName()
                        + ", and " + dialect + " has no array columns; store it as JSON with"
                        + " @Serializer(JsonConverter.class)");
            }
            return array.apply(rule(field, element));
        }
        Class<?> type = field.storedType();
        if (type.isEnum()) {
            EnumLabels labels = EnumLabels.of(type);
            if (labels.databaseType() != null && databaseEnum != null) {
                return databaseEnum.apply(labels);
            }
            return "varchar(" + (field.size() > 0 ? field.size() : 255) + ")";
        }
        return rule(field, type);
    }

    private String rule(Field field, Class<?> type) {
        Function<Field, String> rule = rules.get(type);
        if (rule == null) {
            throw new InvalidModelException("field " + field.name() + " has type " + type.getName()
                    + " with no " + dialect + " column type; set @Column(type = \"...\")");
        }
        return rule.apply(field);
    }

    /**
     * {@code ENUM('a','b')}: the column type of an enum on MySQL, MariaDB and H2, its labels quoted as SQL strings.
     *
     * @param labels the enum's labels
     * @return the type
     */
    public static String enumColumn(EnumLabels labels) {
        StringBuilder b = new StringBuilder("ENUM(");
        for (String l : labels.labels()) {
            b.append(b.length() == 5 ? "'" : ",'").append(l.replace("'", "''")).append('\'');
        }
        return b.append(')').toString();
    }

    /**
     * {@code name(precision,scale)} when the field declares a precision, else {@code fallback}.
     *
     * @param name the type name, for example {@code numeric}
     * @param fallback the type without a declared precision
     * @return the rule
     */
    public static Function<Field, String> decimal(String name, String fallback) {
        return f -> f.precision() > 0 ? name + "(" + f.precision() + "," + f.scale() + ")" : fallback;
    }

    /**
     * {@code name(size)} when the field declares a size, else {@code fallback}.
     *
     * @param name the type name, for example {@code varchar}
     * @param fallback the type without a declared size
     * @return the rule
     */
    public static Function<Field, String> sized(String name, String fallback) {
        return f -> f.size() > 0 ? name + "(" + f.size() + ")" : fallback;
    }

    /** Builds a {@link ColumnTypes}. */
    public static final class Builder {

        private final String dialect;
        private final Map<Class<?>, Function<Field, String>> rules = new HashMap<>();
        private @Nullable String json;
        private @Nullable Function<String, String> array;
        private @Nullable Function<EnumLabels, String> databaseEnum;

        private Builder(String dialect) {
            this.dialect = dialect;
        }

        /**
         * Fills in the standard SQL types that most databases share: {@code bigint}, {@code integer},
         * {@code smallint}, {@code boolean}, {@code double precision}, {@code real}, {@code timestamp(6) with time
         * zone} for {@code Instant} and {@code OffsetDateTime}, {@code timestamp(6)}, {@code date}, {@code time(6)},
         * {@code uuid}. Later {@code put}s override them.
         *
         * @return this builder
         */
        public Builder standard() {
            return put(Long.class, "bigint")
                    .put(Integer.class, "integer")
                    .put(Short.class, "smallint")
                    .put(Boolean.class, "boolean")
                    .put(Double.class, "double precision")
                    .put(Float.class, "real")
                    .put(java.time.Instant.class, "timestamp(6) with time zone")
                    .put(java.time.OffsetDateTime.class, "timestamp(6) with time zone")
                    .put(java.time.LocalDateTime.class, "timestamp(6)")
                    .put(java.time.LocalDate.class, "date")
                    .put(java.time.LocalTime.class, "time(6)")
                    .put(java.util.UUID.class, "uuid");
        }

        /**
         * The column type of JSON fields ({@link Field#isJson()}).
         *
         * @param type for example {@code jsonb}
         * @return this builder
         */
        public Builder json(String type) {
            this.json = type;
            return this;
        }

        /**
         * How the database names an array of an element type; without it list and array fields are refused.
         *
         * @param rule from the element's column type to the array's, for example {@code t -> t + "[]"}
         * @return this builder
         */
        public Builder array(Function<String, String> rule) {
            this.array = rule;
            return this;
        }

        /**
         * The column type of an enum annotated {@link dev.r2orm.annotation.DatabaseEnum}; without it such an enum is
         * stored as text.
         *
         * @param rule from the enum's labels to the column type
         * @return this builder
         */
        public Builder databaseEnum(Function<EnumLabels, String> rule) {
            this.databaseEnum = rule;
            return this;
        }

        /**
         * Maps a Java type to a fixed SQL type.
         *
         * @param type the boxed Java type
         * @param sql the SQL type
         * @return this builder
         */
        public Builder put(Class<?> type, String sql) {
            rules.put(type, f -> sql);
            return this;
        }

        /**
         * Maps a Java type to an SQL type computed from the field (size, precision).
         *
         * @param type the boxed Java type
         * @param rule computes the SQL type
         * @return this builder
         */
        public Builder put(Class<?> type, Function<Field, String> rule) {
            rules.put(type, rule);
            return this;
        }

        /** @return the table */
        public ColumnTypes build() {
            return new ColumnTypes(this);
        }
    }
}
