package dev.r2orm.internal;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the strings given where only column names belong ({@code order}, {@code select}, {@code group},
 * {@code pluck}, map keys): {@code column}, {@code table.column}, {@code column AS alias}, aggregates of a column,
 * optionally {@code asc}/{@code desc} in an order. Anything else is rejected, so these strings can never carry SQL.
 */
public final class Identifiers {

    private static final Pattern ORDER_TERM = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?(?:\\s+((?i:asc|desc)))?");

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The bad input as an error message shows it: cut, so a huge string does not flood logs. */
    static String shown(String input) {
        return input.length() <= 100 ? input : input.substring(0, 100) + "... (" + input.length() + " characters)";
    }

    private static final String ID = "[A-Za-z_][A-Za-z0-9_]*";

    /** {@code col}, {@code t.col}, {@code t.*}, {@code *}, optionally {@code AS alias}. */
    private static final Pattern SELECT_COLUMN = Pattern.compile(
            "(?:(" + ID + ")\\.)?(" + ID + "|\\*)(?:\\s+(?i:as)\\s+(" + ID + "))?");

    /** {@code COUNT(*)}, {@code SUM(t.col)}, {@code COUNT(DISTINCT col)}, optionally {@code AS alias}. */
    private static final Pattern SELECT_AGGREGATE = Pattern.compile(
            "((?i:count|sum|avg|min|max))\\s*\\(\\s*((?i:distinct)\\s+)?(?:(" + ID + ")\\.)?(" + ID
                    + "|\\*)\\s*\\)(?:\\s+(?i:as)\\s+(" + ID + "))?");

    private Identifiers() {
    }

    /**
     * Checks a bare column name given as a string.
     *
     * @param name the name
     * @param where the API it was given to, for the error message
     * @return the name
     * @throws IllegalArgumentException when it is not a plain identifier
     */
    public static String column(String name, String where) {
        if (!COLUMN.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": '" + shown(name) + "' is not a column name (letters, digits and"
                    + " underscores, not starting with a digit); for an SQL expression use Expr.raw(...)");
        }
        return name;
    }

    /**
     * Parses a select list such as {@code "name, age as years, count(*) as total"}: columns ({@code col},
     * {@code table.col}, {@code table.*}, {@code *}) and aggregates ({@code COUNT}, {@code SUM}, {@code AVG},
     * {@code MIN}, {@code MAX} over a column, {@code *} or {@code DISTINCT col}), each optionally {@code AS alias}.
     * Field names of the model map to their columns.
     *
     * @param spec the list
     * @param schema the model, or null
     * @param where the API it was given to, for error messages
     * @return one expression per term
     * @throws IllegalArgumentException naming the term that is neither
     */
    public static List<Expression> parseSelect(String spec, @Nullable Schema schema, String where) {
        List<Expression> out = new ArrayList<>();
        List<String> parts = splitTopLevel(spec);
        for (String part : parts) {
            String term = part.strip();
            if (term.equals("*") && parts.size() > 1) {
                throw new IllegalArgumentException(where + ": a bare * must be the only item of a select list; qualify"
                        + " it (table.*) to select more");
            }
            Matcher c = SELECT_COLUMN.matcher(term);
            Matcher a = SELECT_AGGREGATE.matcher(term);
            if (c.matches()) {
                Column col = column(schema, c.group(1), c.group(2));
                String alias = c.group(3);
                if (alias == null && !col.name().equals("*")) {
                    out.add(col); // a plain column stays one, so what a query reads can be told from its clause
                    continue;
                }
                out.add(w -> {
                    if (col.name().equals("*")) {
                        if (col.table() != null) {
                            w.identifier(col.table()).keyword(".");
                        }
                        w.keyword("*");
                    } else {
                        col.build(w);
                    }
                    alias(w, alias);
                });
            } else if (a.matches()) {
                String function = a.group(1).toUpperCase(Locale.ROOT);
                boolean distinct = a.group(2) != null;
                Column col = a.group(4).equals("*") ? null : column(schema, a.group(3), a.group(4));
                String alias = a.group(5);
                out.add(w -> {
                    w.keyword(function).keyword(distinct ? "(DISTINCT " : "(");
                    if (col == null) {
                        w.keyword("*");
                    } else {
                        col.build(w);
                    }
                    w.keyword(")");
                    alias(w, alias);
                });
            } else {
                throw new IllegalArgumentException(where + ": '" + shown(term) + "' is not a column (column, table.column,"
                        + " column AS alias) or an aggregate (COUNT/SUM/AVG/MIN/MAX of a column); for any other SQL"
                        + " use Expr.raw(...)");
            }
        }
        return out;
    }

    /**
     * Parses a list of column references for {@code GROUP BY} or {@code pluck}: {@code col} or {@code table.col}.
     *
     * @param spec the list
     * @param schema the model, or null
     * @param where the API it was given to, for error messages
     * @return the columns
     * @throws IllegalArgumentException naming the term that is not a column reference
     */
    public static List<Column> parseColumns(String spec, @Nullable Schema schema, String where) {
        List<Column> out = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String term = part.strip();
            Matcher m = QUALIFIED.matcher(term);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + ": '" + shown(term) + "' is not a column name (column or"
                        + " table.column); for an SQL expression use Expr.raw(...)");
            }
            out.add(column(schema, m.group(1), m.group(2)));
        }
        return out;
    }

    private static final Pattern QUALIFIED = Pattern.compile("(?:(" + ID + ")\\.)?(" + ID + ")");

    private static Column column(@Nullable Schema schema, @Nullable String table, String name) {
        String column = name;
        if (schema != null && !name.equals("*") && (table == null || table.equals(schema.table()))) {
            Field f = schema.lookup(name);
            if (f != null) {
                column = f.column();
            }
        }
        return new Column(table, column);
    }

    private static void alias(SqlWriter w, @Nullable String alias) {
        if (alias != null) {
            w.keyword(" AS ").identifier(alias);
        }
    }

    private static List<String> splitTopLevel(String spec) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(spec.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(spec.substring(start));
        return parts;
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
                throw new IllegalArgumentException("order: '" + shown(term) + "' is not a column name (expected column,"
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
