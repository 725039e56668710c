package dev.r2orm.schema;

import java.util.List;
import java.util.Objects;

/**
 * An index: declared by a model ({@code @Index}, {@code @UniqueIndex}) or read from the database's catalog. Two
 * indexes are the same when {@link #sameDefinition(IndexDef)} says so, whatever their names.
 *
 * @param name the index name
 * @param table the table it indexes
 * @param parts the indexed columns or expressions, in order
 * @param unique whether the index is unique
 * @param primary whether the index backs the primary key (catalog only)
 * @param type the index method ({@code btree}, {@code gin}, {@code hash}), lower case; empty for the default
 * @param kind MySQL's index class ({@code FULLTEXT}, {@code SPATIAL}), upper case; empty for none
 * @param where the predicate of a partial index, empty for none
 * @param option words written after {@code CREATE [UNIQUE] INDEX} ({@code CONCURRENTLY}); model only, never compared
 * @param comment the index comment, empty when none
 */
public record IndexDef(String name, String table, List<Part> parts, boolean unique, boolean primary, String type,
        String kind, String where, String option, String comment) {

    /**
     * One indexed column or expression.
     *
     * @param column the column name, empty for an expression
     * @param expression the indexed SQL expression, empty for a column
     * @param descending whether it sorts descending
     * @param length MySQL's prefix length, 0 for the whole column
     */
    public record Part(String column, String expression, boolean descending, int length) {

        /**
         * Checks the components.
         *
         * @throws NullPointerException naming a missing component
         */
        public Part {
            Objects.requireNonNull(column, "column must not be null");
            Objects.requireNonNull(expression, "expression must not be null");
        }

        /**
         * A plain ascending column.
         *
         * @param column the column name
         * @return the part
         */
        public static Part of(String column) {
            return new Part(column, "", false, 0);
        }
    }

    /**
     * Copies the parts and checks the components.
     *
     * @throws NullPointerException naming a missing component
     */
    public IndexDef {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(table, "table must not be null");
        parts = List.copyOf(parts);
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(where, "where must not be null");
        Objects.requireNonNull(option, "option must not be null");
        Objects.requireNonNull(comment, "comment must not be null");
    }

    /** @return the column names of the parts that are columns, in order */
    public List<String> columns() {
        return parts.stream().filter(p -> p.expression().isEmpty()).map(Part::column).toList();
    }

    /**
     * Whether another index has this one's definition: the same columns (case-insensitive) or expressions in the
     * same order and direction, the same uniqueness, prefix lengths and class, the same method unless either leaves it
     * to the database ({@code btree}), and the same predicate once both are written without spaces, quotes, case and
     * parentheses. The name, option and comment are not compared.
     *
     * @param other the other index, typically read from the catalog
     * @return {@code true} when they index the same thing the same way
     */
    public boolean sameDefinition(IndexDef other) {
        if (unique != other.unique || parts.size() != other.parts.size()
                || !kind.equalsIgnoreCase(other.kind)
                || !normalizeMethod(type).equals(normalizeMethod(other.type))
                || !normalizeSql(where).equals(normalizeSql(other.where))) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            Part a = parts.get(i);
            Part b = other.parts.get(i);
            boolean sameTarget = a.expression().isEmpty() && b.expression().isEmpty()
                    ? a.column().equalsIgnoreCase(b.column())
                    : normalizeSql(a.expression().isEmpty() ? a.column() : a.expression())
                            .equals(normalizeSql(b.expression().isEmpty() ? b.column() : b.expression()));
            if (!sameTarget || a.descending() != b.descending() || a.length() != b.length()) {
                return false;
            }
        }
        return true;
    }

    private static String normalizeMethod(String method) {
        String m = method.toLowerCase(java.util.Locale.ROOT);
        return m.equals("btree") ? "" : m;
    }

    /**
     * An SQL fragment reduced for comparison: lower case, without whitespace, quotes, backticks, parentheses,
     * PostgreSQL's {@code ::type} casts and H2's {@code CAST(literal AS type)}, so that a database's reformatting of
     * an author's text compares equal.
     *
     * @param sql the fragment
     * @return the reduced text
     */
    public static String normalizeSql(String sql) {
        return sql.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("cast\\(\\s*([^()]+?)\\s+as\\s+[a-z_][a-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?\\s*\\)",
                        "$1")
                .replaceAll("::[a-z_][a-z0-9_ ]*(\\[\\])?", "")
                .replaceAll("[\\s\"`()]", "");
    }
}
