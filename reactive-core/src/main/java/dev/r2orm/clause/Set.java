package dev.r2orm.clause;

import java.util.List;

/**
 * {@code SET "a"=$1,"b"=$2}.
 *
 * @param assignments the assignments, at least one
 */
public record Set(List<Assignment> assignments) implements Clause {

    /**
     * Creates the clause.
     *
     * @param assignments the assignments
     */
    public Set {
        assignments = List.copyOf(assignments);
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("SET needs at least one assignment");
        }
    }

    @Override
    public String name() {
        return "SET";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("SET ");
        for (int i = 0; i < assignments.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            assignments.get(i).build(w);
        }
    }
}
