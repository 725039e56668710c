package dev.r2orm.clause;

import dev.r2orm.schema.Field;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value of a model field whose dialect binds it itself ({@link Field#isTypedBind()}: a declared column type, JSON,
 * an array): rendered by {@link SqlWriter#bind(Object, Field)}, so that the server receives it as the column's type.
 *
 * @param value the value as the column stores it (after the field's converter), or null
 * @param field the field
 */
public record FieldValue(@Nullable Object value, Field field) implements Expression {

    /**
     * Creates the value.
     *
     * @param value the stored value, or null
     * @param field the field
     */
    public FieldValue {
        Objects.requireNonNull(field, "field must not be null");
    }

    /**
     * A field's stored value as it is bound: wrapped when the dialect binds the field itself, else as it is.
     *
     * @param value the stored value, or null
     * @param field the field
     * @return the value to put in a clause
     */
    public static @Nullable Object of(@Nullable Object value, Field field) {
        return field.isTypedBind() ? new FieldValue(value, field) : value;
    }

    @Override
    public void build(SqlWriter w) {
        w.bind(value, field);
    }
}
