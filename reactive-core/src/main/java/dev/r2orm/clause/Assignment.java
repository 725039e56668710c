package dev.r2orm.clause;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code "column" = value} in a {@code SET} list. A value that is an {@link Expression} (an {@link Expr}) is rendered
 * in place, a {@link Subquery} in parentheses; any other value is bound.
 *
 * @param column the column
 * @param value the value, an expression, or null
 * @param type the value's Java type, used to bind a null
 */
public record Assignment(String column, @Nullable Object value, Class<?> type) {

    /**
     * Creates the assignment.
     *
     * @param column the column
     * @param value the value or expression
     * @param type the value's Java type
     */
    public Assignment {
        Objects.requireNonNull(column, "column must not be null");
        Objects.requireNonNull(type, "type must not be null");
    }

    void build(SqlWriter w) {
        w.identifier(column).keyword("=");
        if (value instanceof Subquery) {
            w.keyword("(");
            ((Subquery) value).build(w);
            w.keyword(")");
        } else if (value instanceof Expression) {
            ((Expression) value).build(w);
        } else {
            w.bind(value, type);
        }
    }
}
