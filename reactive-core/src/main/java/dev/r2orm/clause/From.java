package dev.r2orm.clause;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code FROM "table"}, {@code FROM "table" "alias"}, or {@code FROM (subquery) AS u} from an expression.
 *
 * @param table the table name, or null when {@code source} is given
 * @param alias the table's alias, or null
 * @param source an expression to select from (a subquery), or null
 */
public record From(@Nullable String table, @Nullable String alias, @Nullable Expression source) implements Clause {

    /**
     * Creates the clause.
     *
     * @param table the table name, or null
     * @param alias the alias, or null
     * @param source the expression, or null
     */
    public From {
        if ((table == null) == (source == null)) {
            throw new IllegalArgumentException("FROM needs a table or an expression, not both");
        }
    }

    /**
     * {@code FROM "table"}.
     *
     * @param table the table name
     */
    public From(String table) {
        this(Objects.requireNonNull(table, "table must not be null"), null, null);
    }

    @Override
    public String name() {
        return "FROM";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("FROM ");
        if (source != null) {
            source.build(w);
            return;
        }
        w.identifier(Objects.requireNonNull(table));
        if (alias != null) {
            w.keyword(" ").identifier(alias);
        }
    }
}
