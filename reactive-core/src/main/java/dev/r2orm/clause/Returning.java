package dev.r2orm.clause;

import java.util.List;

/**
 * {@code RETURNING "id"}: used where the dialect returns generated keys this way (PostgreSQL, MariaDB).
 *
 * @param columns the returned columns
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
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            w.identifier(columns.get(i));
        }
    }
}
