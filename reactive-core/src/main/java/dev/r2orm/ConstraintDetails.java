package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * What a database said about a violated constraint: its name, its table (without a schema) and, for a constraint on one
 * column, the column. Each is null when the database did not say it. Never holds the offending values.
 *
 * @param constraint the constraint (or unique index) name, or null
 * @param table the table, or null
 * @param column the column, or null
 */
public record ConstraintDetails(@Nullable String constraint, @Nullable String table, @Nullable String column) {

    /** Nothing known. */
    public static final ConstraintDetails NONE = new ConstraintDetails(null, null, null);

    /**
     * Empty names count as unknown.
     *
     * @param constraint the constraint (or unique index) name, or null
     * @param table the table, or null
     * @param column the column, or null
     */
    public ConstraintDetails {
        constraint = blankToNull(constraint);
        table = blankToNull(table);
        column = blankToNull(column);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** @return whether nothing is known */
    public boolean isEmpty() {
        return constraint == null && table == null && column == null;
    }

    /**
     * The details for a message: {@code  (constraint uk_users_email, table users, column email)}, or empty text when
     * nothing is known.
     *
     * @return the text, starting with a space, or empty
     */
    public String describe() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(" (");
        append(out, "constraint", constraint);
        append(out, "table", table);
        append(out, "column", column);
        return out.append(')').toString();
    }

    private static void append(StringBuilder out, String what, @Nullable String name) {
        if (name != null) {
            out.append(out.length() > 2 ? ", " : "").append(what).append(' ').append(name);
        }
    }
}
