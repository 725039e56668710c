package dev.r2orm.clause;

import java.util.Objects;

/**
 * {@code FROM "table"}.
 *
 * @param table the table name
 */
public record From(String table) implements Clause {

    /**
     * Creates the clause.
     *
     * @param table the table name
     */
    public From {
        Objects.requireNonNull(table, "table must not be null");
    }

    @Override
    public String name() {
        return "FROM";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("FROM ").identifier(table);
    }
}
