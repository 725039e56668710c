package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code VALUES ($1,$2),($3,$4)}: one multi-row list, every value bound. A value equal to {@link #DEFAULT} renders as
 * the {@code DEFAULT} keyword; an {@link Expression} (an {@code Expr}) is rendered in place.
 *
 * @param rows the rows, each with one value per column
 * @param types the Java type of each column, used to bind nulls
 */
public record Values(List<List<@Nullable Object>> rows, List<Class<?>> types) implements Clause {

    /** Marks a value the database fills with the column's default. */
    public static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /**
     * Creates the clause.
     *
     * @param rows the rows
     * @param types one Java type per column
     */
    public Values {
        List<List<@Nullable Object>> copy = new ArrayList<>(rows.size());
        for (List<@Nullable Object> row : rows) {
            if (row.size() != types.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " values for " + types.size()
                        + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        types = List.copyOf(types);
    }

    @Override
    public String name() {
        return "VALUES";
    }

    @Override
    public void build(SqlWriter w) {
        w.keyword("VALUES ").expectBinds(rows.size() * types.size());
        for (int r = 0; r < rows.size(); r++) {
            w.keyword(r == 0 ? "(" : ",(");
            List<@Nullable Object> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    w.keyword(",");
                }
                Object v = row.get(c);
                if (v == DEFAULT) {
                    w.keyword("DEFAULT");
                } else if (v instanceof Expression) {
                    ((Expression) v).build(w);
                } else {
                    w.bind(v, types.get(c));
                }
            }
            w.keyword(")");
        }
    }
}
