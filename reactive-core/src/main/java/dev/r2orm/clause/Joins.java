package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;

/**
 * Join clauses written by the developer ({@code LEFT JOIN emails ON emails.user_id = users.id}), in order; their
 * values are bound. Merging appends.
 *
 * @param joins the joins
 */
public record Joins(List<Expression> joins) implements Clause {

    /**
     * Creates the clause.
     *
     * @param joins the joins
     */
    public Joins {
        joins = List.copyOf(joins);
    }

    @Override
    public String name() {
        return "JOIN";
    }

    @Override
    public void build(SqlWriter w) {
        for (int i = 0; i < joins.size(); i++) {
            if (i > 0) {
                w.keyword(" ");
            }
            joins.get(i).build(w);
        }
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<Expression> all = new ArrayList<>(((Joins) earlier).joins);
        all.addAll(joins);
        return new Joins(all);
    }
}
