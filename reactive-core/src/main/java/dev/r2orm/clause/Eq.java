package dev.r2orm.clause;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code column = value}, or {@code column IS NULL} for a null value; the value is bound, an {@link Expression}
 * (such as a {@link FieldValue}) rendered in place.
 *
 * @param column the column
 * @param value the value, or null
 * @param type the value's Java type, used to bind it
 */
public record Eq(Column column, @Nullable Object value, Class<?> type) implements Expression {

    /**
     * Creates the condition.
     *
     * @param column the column
     * @param value the value, or null
     * @param type the value's Java type
     */
    public Eq {
        Objects.requireNonNull(column, "column must not be null");
        Objects.requireNonNull(type, "type must not be null");
    }

    @Override
    public void build(SqlWriter w) {
        column.build(w);
        if (value == null) {
            w.keyword(" IS NULL");
        } else if (value instanceof FieldValue v && v.value() == null) {
            w.keyword(" IS NULL");
        } else if (value instanceof Expression e) {
            w.keyword(" = ");
            e.build(w);
        } else {
            w.keyword(" = ").bind(value, type);
        }
    }
}
