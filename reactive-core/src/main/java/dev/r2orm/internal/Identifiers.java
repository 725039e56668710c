package dev.r2orm.internal;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the strings given where only column names belong ({@code order}, later {@code select}, {@code group},
 * {@code pluck}): {@code column}, {@code table.column}, optionally {@code asc}/{@code desc}. Anything else is
 * rejected, so these strings can never carry SQL.
 */
public final class Identifiers {

    private static final Pattern ORDER_TERM = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?(?:\\s+((?i:asc|desc)))?");

    private Identifiers() {
    }

    /**
     * Parses an order specification such as {@code "age desc, name"}. A field name of the model maps to its column
     * ({@code createdAt} to {@code created_at}).
     *
     * @param spec the specification
     * @param schema the model, or null
     * @return the ordering terms
     * @throws IllegalArgumentException naming the term that is not a column name
     */
    public static List<OrderBy.Item> parseOrder(String spec, @Nullable Schema schema) {
        List<OrderBy.Item> items = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String term = part.strip();
            Matcher m = ORDER_TERM.matcher(term);
            if (!m.matches()) {
                throw new IllegalArgumentException("order: '" + term + "' is not a column name (expected column,"
                        + " table.column, optionally followed by asc or desc); for an SQL expression use"
                        + " order(Expr.raw(...))");
            }
            String table = m.group(2) != null ? m.group(1) : null;
            String column = m.group(2) != null ? m.group(2) : m.group(1);
            if (schema != null && (table == null || table.equals(schema.table()))) {
                Field f = schema.lookup(column);
                if (f != null) {
                    column = f.column();
                }
            }
            boolean desc = m.group(3) != null && m.group(3).toLowerCase(Locale.ROOT).equals("desc");
            items.add(new OrderBy.Item(new Column(table, column), desc));
        }
        return items;
    }
}
