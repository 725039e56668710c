package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code WHERE a AND b AND ...}. When there are several conditions, each one that is not a simple comparison is
 * parenthesised, so a condition holding {@code OR} keeps its meaning. Merging ANDs the conditions of both clauses.
 *
 * @param conditions the conditions, ANDed
 */
public record Where(List<Expression> conditions) implements Clause {

    /**
     * Creates the clause.
     *
     * @param conditions the conditions, ANDed
     */
    public Where {
        conditions = List.copyOf(conditions);
    }

    /**
     * A clause with one condition.
     *
     * @param condition the condition
     * @return the clause
     */
    public static Where of(Expression condition) {
        return new Where(List.of(condition));
    }

    @Override
    public String name() {
        return "WHERE";
    }

    @Override
    public void build(SqlWriter w) {
        if (conditions.isEmpty()) {
            return;
        }
        w.keyword("WHERE ");
        if (conditions.size() == 1) {
            conditions.get(0).build(w);
            return;
        }
        for (int i = 0; i < conditions.size(); i++) {
            if (i > 0) {
                w.keyword(" AND ");
            }
            grouped(w, conditions.get(i));
        }
    }

    /**
     * Writes a condition among others, parenthesised unless it is a simple comparison.
     *
     * @param w the writer
     * @param condition the condition
     */
    static void grouped(SqlWriter w, Expression condition) {
        boolean atomic = condition instanceof Eq || condition instanceof In || condition instanceof Not;
        if (!atomic) {
            w.keyword("(");
        }
        condition.build(w);
        if (!atomic) {
            w.keyword(")");
        }
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<Expression> all = new ArrayList<>(((Where) earlier).conditions);
        all.addAll(conditions);
        return new Where(all);
    }
}
