package dev.r2orm.clause;

/** A piece of SQL inside a clause: a condition, a column, a value. Renders itself through a {@link SqlWriter}. */
@FunctionalInterface
public interface Expression {

    /**
     * Writes the expression.
     *
     * @param sql the writer
     */
    void build(SqlWriter sql);
}
