package dev.r2orm.clause;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code SELECT [hints] [DISTINCT] columns}; no columns means {@code *}.
 *
 * @param columns the selected columns or expressions
 * @param distinct whether to add {@code DISTINCT}
 * @param hints optimizer hints and comments written after {@code SELECT}, or null
 */
public record Select(List<Expression> columns, boolean distinct, @Nullable Hints hints) implements Clause {

    /** {@code SELECT *}. */
    public static final Select ALL = new Select(List.of(), false);

    /**
     * Creates the clause.
     *
     * @param columns the selected columns
     * @param distinct whether to add {@code DISTINCT}
     * @param hints the hints, or null
     */
    public Select {
        columns = List.copyOf(columns);
    }

    /**
     * Creates the clause without hints.
     *
     * @param columns the selected columns
     * @param distinct whether to add {@code DISTINCT}
     */
    public Select(List<Expression> columns, boolean distinct) {
        this(columns, distinct, null);
    }

    /**
     * The same select list with hints.
     *
     * @param with the hints
     * @return a new clause
     */
    public Select withHints(Hints with) {
        return new Select(columns, distinct, with);
    }

    @Override
    public String name() {
        return "SELECT";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("SELECT ");
        if (hints != null) {
            hints.build(w);
            w.keyword(" ");
        }
        if (distinct) {
            w.keyword("DISTINCT ");
        }
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
