package dev.r2orm.clause;

import java.util.List;

/**
 * Conditions joined by {@code AND} or {@code OR}: {@code (a) OR (b)}. Each part that is not a simple comparison is
 * parenthesised, so nesting keeps its meaning. A junction of one condition renders as that condition.
 *
 * @param operator {@code "AND"} or {@code "OR"}
 * @param parts the conditions
 */
public record Junction(String operator, List<Expression> parts) implements Expression {

    /**
     * Creates a junction.
     *
     * @param operator {@code "AND"} or {@code "OR"}
     * @param parts the conditions, at least one
     */
    public Junction {
        if (!operator.equals("AND") && !operator.equals("OR")) {
            throw new IllegalArgumentException("operator must be AND or OR, was " + operator);
        }
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a junction needs at least one condition");
        }
    }

    /**
     * {@code a AND b AND ...}.
     *
     * @param parts the conditions
     * @return the junction
     */
    public static Junction and(List<Expression> parts) {
        return new Junction("AND", parts);
    }

    /**
     * {@code a OR b OR ...}.
     *
     * @param parts the conditions
     * @return the junction
     */
    public static Junction or(List<Expression> parts) {
        return new Junction("OR", parts);
    }

    @Override
    public void build(SqlWriter w) {
        if (parts.size() == 1) {
            parts.get(0).build(w);
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                w.keyword(" ").keyword(operator).keyword(" ");
            }
            Where.grouped(w, parts.get(i));
        }
    }
}
