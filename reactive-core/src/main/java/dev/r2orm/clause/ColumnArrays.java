package dev.r2orm.clause;

import java.util.List;

/**
 * {@code SELECT * FROM unnest(CAST($1 AS text[]),CAST($2 AS bigint[]))}: the rows of a multi-row {@code INSERT} sent
 * as one bound array per column, for a dialect that expands arrays into rows (see
 * {@link dev.r2orm.dialect.Dialect#arrayElementType(Class)}). It takes the place of {@link Values}: a statement binds
 * one value per column whatever its number of rows, and its SQL text is the same for every chunk size, so the
 * driver's prepared statement is reused.
 *
 * @param arrays one array per column, each holding that column's value of every row (null elements are SQL NULL)
 * @param elementTypes each column's element type as the dialect names it (constant text, never a user value)
 */
public record ColumnArrays(List<Object[]> arrays, List<String> elementTypes) implements Clause {

    /**
     * Creates the clause.
     *
     * @param arrays one array per column, all of the same length
     * @param elementTypes one SQL element type per column
     * @throws IllegalArgumentException if the arrays differ in length or do not match the element types
     */
    public ColumnArrays {
        arrays = List.copyOf(arrays);
        elementTypes = List.copyOf(elementTypes);
        if (arrays.size() != elementTypes.size() || arrays.isEmpty()) {
            throw new IllegalArgumentException(arrays.size() + " column arrays for " + elementTypes.size()
                    + " element types");
        }
        for (Object[] a : arrays) {
            if (a.length != arrays.get(0).length) {
                throw new IllegalArgumentException("column arrays of " + a.length + " and " + arrays.get(0).length
                        + " rows");
            }
        }
    }

    @Override
    public String name() {
        return "VALUES";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("SELECT * FROM unnest(");
        for (int c = 0; c < arrays.size(); c++) {
            Object[] a = arrays.get(c);
            w.keyword(c == 0 ? "CAST(" : ",CAST(").bind(a, a.getClass())
                    .keyword(" AS ").keyword(elementTypes.get(c)).keyword("[])");
        }
        w.keyword(")");
    }
}
