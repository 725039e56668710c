package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code ORDER BY a, b DESC}. Merging appends the later columns after the earlier ones.
 *
 * @param items the ordering terms
 */
public record OrderBy(List<Item> items) implements Clause {

    /**
     * One ordering term.
     *
     * @param expression the column or raw expression
     * @param desc whether to sort descending
     */
    public record Item(Expression expression, boolean desc) {

        /**
         * Creates an ordering term.
         *
         * @param expression the column or raw expression
         * @param desc whether to sort descending
         */
        public Item {
            Objects.requireNonNull(expression, "expression must not be null");
        }
    }

    /**
     * Creates the clause.
     *
     * @param items the ordering terms
     */
    public OrderBy {
        items = List.copyOf(items);
    }

    @Override
    public String name() {
        return "ORDER BY";
    }

    @Override
    public void build(SqlWriter w) {
        if (items.isEmpty()) {
            return;
        }
        w.keyword("ORDER BY ");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            items.get(i).expression().build(w);
            if (items.get(i).desc()) {
                w.keyword(" DESC");
            }
        }
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<Item> all = new ArrayList<>(((OrderBy) earlier).items);
        all.addAll(items);
        return new OrderBy(all);
    }
}
