package dev.r2orm.clause;

/**
 * An expression that renders a whole {@code SELECT}. Where it stands as a value (an assignment in {@code SET}) it is
 * wrapped in parentheses; inside SQL text the developer writes them ({@code where("amount > (?)", subquery)}).
 */
public interface Subquery extends Expression {
}
