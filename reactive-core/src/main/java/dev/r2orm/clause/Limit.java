package dev.r2orm.clause;

/**
 * {@code LIMIT n OFFSET m}, rendered by the dialect. Merging keeps the earlier offset when this clause sets none.
 *
 * @param limit the row limit, or -1 for none
 * @param offset the rows to skip, or 0
 */
public record Limit(long limit, long offset) implements Clause {

    /**
     * Creates the clause.
     *
     * @param limit the row limit, or -1 for none
     * @param offset the rows to skip
     */
    public Limit {
        if (limit < -1) {
            throw new IllegalArgumentException("limit must be >= 0 (or -1 for none), was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
    }

    @Override
    public String name() {
        return "LIMIT";
    }

    @Override
    public void build(SqlWriter w) {
        w.dialect().limit(w, limit, offset);
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        Limit e = (Limit) earlier;
        return new Limit(limit != -1 ? limit : e.limit, offset != 0 ? offset : e.offset);
    }
}
