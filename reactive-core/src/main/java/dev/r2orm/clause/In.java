package dev.r2orm.clause;

import java.util.List;
import java.util.Objects;

/**
 * {@code column IN ($1,$2,...)}; with no values {@code column IN (NULL)}, which matches nothing.
 *
 * @param column the column
 * @param values the values, bound
 * @param type the values' Java type
 */
public record In(Column column, List<?> values, Class<?> type) implements Expression {

    /**
     * Creates the condition.
     *
     * @param column the column
     * @param values the values
     * @param type the values' Java type
     */
    public In {
        Objects.requireNonNull(column, "column must not be null");
        values = List.copyOf(values);
    }

    @Override
    public void build(SqlWriter w) {
        column.build(w);
        w.keyword(" IN (");
        if (values.isEmpty()) {
            w.keyword("NULL");
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            Object v = values.get(i);
            if (v instanceof Expression e) {
                e.build(w);
            } else {
                w.bind(v, type);
            }
        }
        w.keyword(")");
    }
}
