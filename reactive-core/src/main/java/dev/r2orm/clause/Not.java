package dev.r2orm.clause;

import java.util.Objects;

/**
 * {@code NOT (condition)}.
 *
 * @param condition the negated condition
 */
public record Not(Expression condition) implements Expression {

    /**
     * Creates the negation.
     *
     * @param condition the condition
     */
    public Not {
        Objects.requireNonNull(condition, "condition must not be null");
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("NOT (");
        condition.build(w);
        w.keyword(")");
    }
}
