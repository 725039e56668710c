package dev.r2orm.clause;

import java.util.List;
import java.util.Objects;

/**
 * {@code INSERT INTO "table" ("a","b")}.
 *
 * @param table the table name
 * @param columns the column names, in the order of each row's values
 */
public record Insert(String table, List<String> columns) implements Clause {

    /**
     * Creates the clause.
     *
     * @param table the table name
     * @param columns the column names
     */
    public Insert {
        Objects.requireNonNull(table, "table must not be null");
        columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return "INSERT";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("INSERT INTO ").identifier(table).keyword(" (");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            w.identifier(columns.get(i));
        }
        w.keyword(")");
    }
}
