package dev.r2orm.clause;

import java.util.Objects;

/**
 * {@code UPDATE "table"}.
 *
 * @param table the table name
 */
public record Update(String table) implements Clause {

    /**
     * Creates the clause.
     *
     * @param table the table name
     */
    public Update {
        Objects.requireNonNull(table, "table must not be null");
    }

    @Override
    public String name() {
        return "UPDATE";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("UPDATE ").identifier(table);
    }
}
