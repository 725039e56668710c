package dev.r2orm.clause;

/**
 * One clause of a statement ({@code WHERE}, {@code ORDER BY}, {@code LIMIT}, ...): a small immutable value that renders
 * itself, keyword included, and knows how to merge with an earlier clause of its kind.
 */
public interface Clause {

    /**
     * The clause's name, which is also its slot in a statement: {@code "WHERE"}, {@code "ORDER BY"}, ...
     *
     * @return the name
     */
    String name();

    /**
     * Writes the clause, keyword included.
     *
     * @param sql the writer
     */
    void build(SqlWriter sql);

    /**
     * Combines this clause with the one already in the statement's slot: {@code WHERE} conditions are ANDed,
     * {@code ORDER BY} columns appended; by default the later clause replaces the earlier.
     *
     * @param earlier the clause already in the slot
     * @return the clause to keep
     */
    default Clause mergeAfter(Clause earlier) {
        return this;
    }
}
