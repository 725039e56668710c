package dev.r2orm.clause;

import java.util.Objects;

/**
 * {@code DELETE FROM "table"}.
 *
 * @param table the table name
 */
public record Delete(String table) implements Clause {

    /**
     * Creates the clause.
     *
     * @param table the table name
     */
    public Delete {
        Objects.requireNonNull(table, "table must not be null");
    }

    @Override
    public String name() {
        return "DELETE";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("DELETE FROM ").identifier(table);
    }
}
