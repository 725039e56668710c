package dev.r2orm.clause;

import java.util.List;

/**
 * {@code SELECT [DISTINCT] columns}; no columns means {@code *}.
 *
 * @param columns the selected columns or expressions
 * @param distinct whether to add {@code DISTINCT}
 */
public record Select(List<Expression> columns, boolean distinct) implements Clause {

    /** {@code SELECT *}. */
    public static final Select ALL = new Select(List.of(), false);

    /**
     * Creates the clause.
     *
     * @param columns the selected columns
     * @param distinct whether to add {@code DISTINCT}
     */
    public Select {
        columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return "SELECT";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword(distinct ? "SELECT DISTINCT " : "SELECT ");
        if (columns.isEmpty()) {
            w.keyword("*");
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            columns.get(i).build(w);
        }
    }
}
