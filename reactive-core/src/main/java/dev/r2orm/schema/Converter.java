package dev.r2orm.schema;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Converts a field's Java value to what its column stores and back, as GORM's Valuer/Scanner and serializers. Put it
 * on a field with {@link dev.r2orm.annotation.Serializer}; r2orm makes one instance per field (a public or private
 * constructor without arguments) and calls it for every write, condition and read of the field.
 *
 * <pre>{@code
 * @Serializer(JsonConverter.class) Map<String, Object> attributes;   // stored as JSON text
 * @Serializer(UnixTimeConverter.class) Instant seenAt;                // stored as epoch seconds (bigint)
 * }</pre>
 *
 * @param <J> the Java type
 * @param <D> the stored type: one r2orm maps to a column (String, Long, byte[], ...)
 */
public interface Converter<J, D> {

    /**
     * The type the column stores, which decides the column's DDL type and how it is read.
     *
     * @return the stored type
     */
    Class<D> storedType();

    /**
     * Converts a Java value for writing.
     *
     * @param value the field's value, not null (null is written as NULL without calling the converter)
     * @return the value to store
     */
    D toDatabase(J value);

    /**
     * Converts a stored value back.
     *
     * @param value the column's value, not null (NULL reads as null without calling the converter)
     * @param javaType the field's declared type, with its type arguments (for example {@code List<String>})
     * @return the field's value
     */
    @Nullable J fromDatabase(D value, Type javaType);

    /**
     * Whether the stored value is JSON text, which decides the column type ({@code jsonb} on PostgreSQL, {@code json}
     * on MySQL, MariaDB and H2) and how the value is bound (as JSON, not as a string that holds JSON).
     *
     * @return {@code false} by default
     */
    default boolean isJson() {
        return false;
    }
}
