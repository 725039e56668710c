package dev.r2orm.clause;

import java.util.List;

/**
 * {@code RETURNING "id"}, or {@code RETURNING *} with no columns: generated keys on PostgreSQL and MariaDB, and the
 * rows of an update or delete where the dialect can return them.
 *
 * @param columns the returned columns; empty for every column
 */
public record Returning(List<String> columns) implements Clause {

    /**
     * Creates the clause.
     *
     * @param columns the returned columns
     */
    public Returning {
        columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return "RETURNING";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("RETURNING ");
        if (columns.isEmpty()) {
            w.keyword("*");
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            w.identifier(columns.get(i));
        }
    }
}
