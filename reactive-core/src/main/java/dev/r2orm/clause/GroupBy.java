package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GROUP BY a, b}. Merging appends the later columns.
 *
 * @param columns the grouping columns
 */
public record GroupBy(List<Expression> columns) implements Clause {

    /**
     * Creates the clause.
     *
     * @param columns the grouping columns, at least one
     */
    public GroupBy {
        columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return "GROUP BY";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("GROUP BY ");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            columns.get(i).build(w);
        }
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<Expression> all = new ArrayList<>(((GroupBy) earlier).columns);
        all.addAll(columns);
        return new GroupBy(all);
    }
}
