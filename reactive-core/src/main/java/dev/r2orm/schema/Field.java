package dev.r2orm.schema;

import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One mapped field of a model: its Java name and type, its column, its DDL attributes, and fast access to its value
 * through {@link MethodHandle}s resolved once when the schema is parsed.
 */
public final class Field {

    private static final Set<Class<?>> TIME_TYPES = Set.of(Instant.class, LocalDateTime.class, OffsetDateTime.class,
            LocalDate.class, LocalTime.class);

    private final String name;
    private final String column;
    private final Class<?> type;
    private final Class<?> boxedType;
    private final boolean primaryKey;
    private final boolean autoIncrement;
    private final boolean notNull;
    private final boolean unique;
    private final int size;
    private final int precision;
    private final int scale;
    private final String sqlType;
    private final String defaultValue;
    private final boolean autoCreateTime;
    private final boolean autoUpdateTime;
    private final boolean softDelete;
    private final boolean version;
    private final java.util.concurrent.TimeUnit timeUnit;
    private final boolean readable;
    private final boolean creatable;
    private final boolean updatable;
    private final int index;
    private final java.lang.reflect.Type genericType;
    private final @Nullable Converter<Object, Object> converter;
    private final MethodHandle getter;
    private final @Nullable MethodHandle setter;
    private final java.lang.reflect.@Nullable AnnotatedElement element;
    private final boolean embedded;
    private final @Nullable Class<?> arrayElement;
    private final boolean json;
    private final boolean typedBind;

    Field(Builder b) {
        this.name = b.name;
        this.column = b.column;
        this.type = b.type;
        this.boxedType = box(b.type);
        this.primaryKey = b.primaryKey;
        this.autoIncrement = b.autoIncrement;
        // a null embedded value writes NULL into all its columns, primitive ones too
        this.notNull = b.notNull || b.primaryKey || b.type.isPrimitive() && !b.embedded;
        this.unique = b.unique;
        this.size = b.size;
        this.precision = b.precision;
        this.scale = b.scale;
        this.sqlType = b.sqlType;
        this.defaultValue = b.defaultValue;
        this.autoCreateTime = b.autoCreateTime;
        this.autoUpdateTime = b.autoUpdateTime;
        this.softDelete = b.softDelete;
        this.version = b.version;
        this.timeUnit = b.timeUnit;
        this.readable = b.readable;
        this.creatable = b.creatable;
        this.updatable = b.updatable;
        this.index = b.index;
        this.genericType = b.genericType;
        this.converter = b.converter;
        this.getter = b.getter;
        this.setter = b.setter;
        this.element = b.element;
        this.embedded = b.embedded;
        this.arrayElement = b.converter == null ? arrayElement(b.type, b.genericType) : null;
        this.json = b.converter != null && b.converter.isJson();
        this.typedBind = !b.sqlType.isEmpty() || json || arrayElement != null;
    }

    /**
     * An annotation of the Java field or record component this field maps.
     *
     * @param type the annotation type
     * @param <A> the annotation type
     * @return the annotation, or null when absent
     */
    public <A extends java.lang.annotation.Annotation> @Nullable A annotation(Class<A> type) {
        return element == null ? null : element.getAnnotation(type);
    }

    /**
     * The repeatable annotations of the Java field or record component this field maps.
     *
     * @param type the annotation type
     * @param <A> the annotation type
     * @return the annotations, empty when there are none
     */
    @SuppressWarnings("unchecked")
    public <A extends java.lang.annotation.Annotation> A[] annotations(Class<A> type) {
        return element == null ? (A[]) java.lang.reflect.Array.newInstance(type, 0)
                : element.getAnnotationsByType(type);
    }

    /** @return the column comment from {@code @Comment}, or empty */
    public String comment() {
        dev.r2orm.annotation.Comment c = annotation(dev.r2orm.annotation.Comment.class);
        return c == null ? "" : c.value();
    }

    /** @return whether the migrator manages the column ({@code @Column(migrate = false)} says no) */
    public boolean isMigrated() {
        dev.r2orm.annotation.Column c = annotation(dev.r2orm.annotation.Column.class);
        return c == null || c.migrate();
    }

    /** @return the Java field name, for example {@code createdAt} */
    public String name() {
        return name;
    }

    /** @return the column name, for example {@code created_at} */
    public String column() {
        return column;
    }

    /** @return the declared Java type (possibly primitive) */
    public Class<?> type() {
        return type;
    }

    /** @return the Java type with primitives boxed, used to read the column from a row and to bind a null */
    public Class<?> boxedType() {
        return boxedType;
    }

    /** @return whether the field is (part of) the primary key */
    public boolean isPrimaryKey() {
        return primaryKey;
    }

    /** @return whether the database generates the field's value (a single integer primary key) */
    public boolean isAutoIncrement() {
        return autoIncrement;
    }

    /** @return whether the column is {@code NOT NULL} */
    public boolean isNotNull() {
        return notNull;
    }

    /** @return whether the column has a unique constraint */
    public boolean isUnique() {
        return unique;
    }

    /** @return the declared size, or 0 for the dialect's default */
    public int size() {
        return size;
    }

    /** @return the declared decimal precision, or 0 for the dialect's default */
    public int precision() {
        return precision;
    }

    /** @return the declared decimal scale */
    public int scale() {
        return scale;
    }

    /** @return the explicit SQL type from {@code @Column(type)}, or empty */
    public String sqlType() {
        return sqlType;
    }

    /** @return the DDL default expression from {@code @Column(defaultValue)}, or empty */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return whether the field is set to the current time when a row is created ({@code createdAt}) */
    public boolean isAutoCreateTime() {
        return autoCreateTime;
    }

    /** @return whether the field is set to the current time when a row is created or updated ({@code updatedAt}) */
    public boolean isAutoUpdateTime() {
        return autoUpdateTime;
    }

    /** @return whether the field marks soft-deleted rows ({@code deletedAt}, or {@code @SoftDelete}) */
    public boolean isSoftDelete() {
        return softDelete;
    }

    /** @return whether the field is the row's version for optimistic locking ({@code @Version}) */
    public boolean isVersion() {
        return version;
    }

    /** @return whether the field is read from query results ({@code @Permission(read)}) */
    public boolean isReadable() {
        return readable;
    }

    /** @return whether creates write the field ({@code @Permission(create)}) */
    public boolean isCreatable() {
        return creatable;
    }

    /** @return whether updates write the field ({@code @Permission(update)}) */
    public boolean isUpdatable() {
        return updatable;
    }

    /** @return the unit of an integer auto-time field (seconds by default) */
    public java.util.concurrent.TimeUnit timeUnit() {
        return timeUnit;
    }

    /** @return the field's declared type with its type arguments */
    public java.lang.reflect.Type genericType() {
        return genericType;
    }

    /** @return the converter of a {@code @Serializer} field, or null */
    public @Nullable Converter<Object, Object> converter() {
        return converter;
    }

    /** @return whether the column holds JSON: the field's converter says so ({@link Converter#isJson()}) */
    public boolean isJson() {
        return json;
    }

    /**
     * The element type of a field stored as a database array: a {@code List<E>} or an {@code E[]} (not {@code
     * byte[]}) whose elements are strings, numbers, booleans or UUIDs.
     *
     * @return the boxed element type, or null when the field is not an array
     */
    public @Nullable Class<?> arrayElement() {
        return arrayElement;
    }

    /**
     * An array field's value as the drivers bind it: an array of {@link #arrayElement()}.
     *
     * @param value the field's value (a list or an array), or null
     * @return the array, or null
     * @throws IllegalStateException when the field is not an array field
     */
    public @Nullable Object @Nullable [] toArray(@Nullable Object value) {
        if (arrayElement == null) {
            throw new IllegalStateException("field " + name + " is not an array");
        }
        return value == null ? null : ArrayValues.toDriver(value, arrayElement);
    }

    /**
     * A database array read by the driver as this array field's type ({@code List<E>} or {@code E[]}).
     *
     * @param value the driver's array, or null
     * @return the field's value, or null
     * @throws IllegalArgumentException when an element cannot be converted to the element type
     */
    public @Nullable Object fromArray(@Nullable Object value) {
        if (arrayElement == null) {
            throw new IllegalStateException("field " + name + " is not an array");
        }
        return value == null ? null : ArrayValues.fromDriver(value, type, arrayElement);
    }

    /**
     * Whether the field's values are bound through {@link dev.r2orm.dialect.Dialect#bindField}: it declares a column
     * type, holds JSON or is an array. Other fields bind as their Java type.
     *
     * @return {@code true} when the dialect binds the field's values itself
     */
    public boolean isTypedBind() {
        return typedBind;
    }

    /** @return the type the column stores: the converter's stored type, else {@link #boxedType()} */
    public Class<?> storedType() {
        return converter != null ? converter.storedType() : boxedType;
    }

    /**
     * Converts a Java value of this field to what its column stores (through the converter, if any).
     *
     * @param value the Java value, or null
     * @return the stored value, or null
     */
    public @Nullable Object toColumn(@Nullable Object value) {
        return value == null || converter == null ? value : converter.toDatabase(value);
    }

    /**
     * Converts a stored value of this field's column back to its Java value (through the converter, if any).
     *
     * @param value the stored value, or null
     * @return the Java value, or null
     */
    public @Nullable Object fromColumn(@Nullable Object value) {
        return value == null || converter == null ? value : converter.fromDatabase(value, genericType);
    }

    /**
     * @return the field's position among the schema's fields (and among a record's components when the record has no
     *     {@code @Embedded} component)
     */
    public int index() {
        return index;
    }

    /**
     * Reads the field's value from an entity.
     *
     * @param entity an instance of the model
     * @return the value, boxed; null when the field holds null, or is a column of an {@code @Embedded} value that is
     *     null
     */
    public @Nullable Object get(Object entity) {
        try {
            return getter.invokeExact(entity);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Writes the field's value into a mutable entity. A null written into a primitive field is ignored. A column of an
     * {@code @Embedded} value creates that value when it is null, and replaces it by a copy when it is a record.
     *
     * @param entity an instance of the model (not a record)
     * @param value the new value
     */
    public void set(Object entity, @Nullable Object value) {
        if (setter == null) {
            throw new IllegalStateException("field " + name + " of a record cannot be set in place");
        }
        if (value == null && type.isPrimitive()) {
            return;
        }
        try {
            setter.invokeExact(entity, value);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Whether a value counts as unset: null, or 0/false in a primitive field (GORM's zero values).
     *
     * @param value the field's value
     * @return {@code true} when unset
     */
    public boolean isZero(@Nullable Object value) {
        if (value == null) {
            return true;
        }
        if (!type.isPrimitive() && !autoIncrement) {
            return false;
        }
        if (value instanceof Number) {
            return ((Number) value).longValue() == 0 && ((Number) value).doubleValue() == 0d;
        }
        return Boolean.FALSE.equals(value);
    }

    /**
     * The current time as this field stores it: a time type truncated to microseconds (what the databases keep),
     * or the time since the epoch in {@link #timeUnit()} for an integer field.
     *
     * @param now the current instant
     * @return the value to store
     */
    public Object timeValue(Instant now) {
        Instant micros = now.truncatedTo(ChronoUnit.MICROS);
        if (boxedType == Instant.class) {
            return micros;
        }
        if (boxedType == LocalDateTime.class) {
            return LocalDateTime.ofInstant(micros, java.time.ZoneOffset.UTC);
        }
        if (boxedType == OffsetDateTime.class) {
            return OffsetDateTime.ofInstant(micros, java.time.ZoneOffset.UTC);
        }
        if (boxedType == Long.class || boxedType == Integer.class) {
            long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            long value = timeUnit.convert(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            return boxedType == Long.class ? (Object) value : (Object) Math.toIntExact(value);
        }
        throw new IllegalStateException("field " + name + " of type " + type.getName() + " cannot hold a time");
    }

    /**
     * The version a new row starts at: 1 for an integer version, the current time (as {@link #timeValue}) for a
     * timestamp version.
     *
     * @param now the current instant
     * @return the value, of this field's boxed type
     */
    public Object initialVersion(Instant now) {
        return isTimestamp(boxedType) ? timeValue(now) : integer(1);
    }

    /**
     * The version an update writes: the expected one plus one for an integer version; for a timestamp version the
     * current time, or the expected value plus one microsecond when the clock has not moved past it, so the version
     * always changes.
     *
     * @param expected the version the entity holds, or null when unknown
     * @param now the current instant
     * @return the new value, of this field's boxed type; null for an integer version whose expected value is unknown
     */
    public @Nullable Object nextVersion(@Nullable Object expected, Instant now) {
        if (!isTimestamp(boxedType)) {
            return expected == null ? null : integer(((Number) expected).longValue() + 1);
        }
        Object next = timeValue(now);
        if (expected != null && !later(next, expected)) {
            next = ((java.time.temporal.Temporal) expected).plus(1, ChronoUnit.MICROS);
        }
        return next;
    }

    /** Whether timestamp {@code a} is after {@code b}, both of this field's type (offsets compared as instants). */
    @SuppressWarnings("unchecked")
    private static boolean later(Object a, Object b) {
        if (a instanceof OffsetDateTime o) {
            return o.toInstant().isAfter(((OffsetDateTime) b).toInstant());
        }
        return ((Comparable<Object>) a).compareTo(b) > 0;
    }

    private Object integer(long value) {
        if (boxedType == Short.class) {
            return (short) value;
        }
        return boxedType == Integer.class ? (Object) (int) value : (Object) value;
    }

    static boolean isVersionType(Class<?> type) {
        Class<?> t = box(type);
        return t == Integer.class || t == Long.class || t == Short.class || isTimestamp(t);
    }

    static boolean canHoldTime(Class<?> type) {
        Class<?> t = box(type);
        return TIME_TYPES.contains(t) && t != LocalDate.class && t != LocalTime.class
                || t == Long.class || t == Integer.class;
    }

    static boolean isTimestamp(Class<?> type) {
        return type == Instant.class || type == LocalDateTime.class || type == OffsetDateTime.class;
    }

    static boolean isInteger(Class<?> type) {
        Class<?> t = box(type);
        return t == Long.class || t == Integer.class || t == Short.class || t == java.math.BigInteger.class;
    }

    private static final Set<Class<?>> ARRAY_ELEMENTS = Set.of(String.class, Integer.class, Long.class, Short.class,
            Double.class, Float.class, Boolean.class, BigDecimal.class, java.util.UUID.class);

    static @Nullable Class<?> arrayElement(Class<?> type, java.lang.reflect.Type generic) {
        Class<?> element = null;
        if (type.isArray() && type != byte[].class) {
            element = box(type.getComponentType());
        } else if (type == java.util.List.class && generic instanceof java.lang.reflect.ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            element = c;
        }
        return element != null && ARRAY_ELEMENTS.contains(element) ? element : null;
    }

    static boolean isSupported(Class<?> type) {
        Class<?> t = box(type);
        return t == String.class || Number.class.isAssignableFrom(t) && (t.getName().startsWith("java.lang.")
                || t == BigDecimal.class || t == java.math.BigInteger.class)
                || t == Boolean.class || TIME_TYPES.contains(t) || t == java.util.UUID.class || t == byte[].class
                || t == java.time.Duration.class || t.isEnum();
    }

    static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == char.class) {
            return Character.class;
        }
        return Void.class;
    }

    java.lang.reflect.@Nullable AnnotatedElement element() {
        return element;
    }

    /** @return whether the field is a column of an {@code @Embedded} value */
    boolean isEmbedded() {
        return embedded;
    }

    MethodHandle getterHandle() {
        return getter;
    }

    @Nullable MethodHandle setterHandle() {
        return setter;
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }

    @Override
    public String toString() {
        return name + " -> " + column;
    }

    static final class Builder {
        String name = "";
        String column = "";
        Class<?> type = Object.class;
        boolean primaryKey;
        boolean autoIncrement;
        boolean notNull;
        boolean unique;
        int size;
        int precision;
        int scale;
        String sqlType = "";
        String defaultValue = "";
        boolean autoCreateTime;
        boolean autoUpdateTime;
        boolean softDelete;
        boolean version;
        java.util.concurrent.TimeUnit timeUnit = java.util.concurrent.TimeUnit.SECONDS;
        boolean readable = true;
        boolean creatable = true;
        boolean updatable = true;
        int index;
        java.lang.reflect.Type genericType = Object.class;
        @Nullable Converter<Object, Object> converter;
        @Nullable MethodHandle getter;
        @Nullable MethodHandle setter;
        java.lang.reflect.@Nullable AnnotatedElement element;
        boolean embedded;
    }
}
