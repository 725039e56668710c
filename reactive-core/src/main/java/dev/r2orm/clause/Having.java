package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code HAVING a AND b}: conditions on groups, ANDed; merging ANDs both clauses' conditions.
 *
 * @param conditions the conditions
 */
public record Having(List<Expression> conditions) implements Clause {

    /**
     * Creates the clause.
     *
     * @param conditions the conditions, at least one
     */
    public Having {
        conditions = List.copyOf(conditions);
    }

    @Override
    public String name() {
        return "HAVING";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("HAVING ");
        Junction.and(conditions).build(w);
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<Expression> all = new ArrayList<>(((Having) earlier).conditions);
        all.addAll(conditions);
        return new Having(all);
    }
}
