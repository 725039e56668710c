package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * SQL written by a developer, with {@code ?} placeholders for values. The text is emitted as it is; every argument is
 * bound, never concatenated:
 *
 * <pre>{@code
 * Expr.of("age > ? AND name = ?", 18, "Ann")   // age > $1 AND name = $2            binds [18, "Ann"]
 * Expr.of("id IN ?", List.of(1, 2, 3))          // id IN ($1,$2,$3)                  binds [1, 2, 3]
 * Expr.of("id IN ?", List.of())                 // id IN (NULL)                      matches nothing
 * }</pre>
 *
 * <p>A {@link Collection} or {@code Object[]} argument expands to a parenthesised list (a primitive array, such as a
 * {@code byte[]}, is one value); an {@link Expression} argument is rendered in place. Question marks inside quoted
 * strings and quoted identifiers are left alone.
 *
 * <p>One value has a form of its own, {@link #of(String, Object)}, so that a value from a generic method
 * ({@code Expr.of("tenant_id = ?", ctx.get("tenant"))}) is bound as it is: with a varargs form alone, Java infers an
 * array there and the call throws {@link ClassCastException}. An array given alone is still the argument list, as with
 * varargs. Java's rule remains for the second of exactly two values: an {@code Object[]} there is taken as the rest of
 * the list, and a generic method's result needs its type ({@code ctx.<Long>get("tenant")}); pass {@code IN} lists as
 * collections.
 *
 * <p><b>Injection warning:</b> the SQL text itself is trusted. Never build it from user input; pass user input as
 * arguments.
 */
public final class Expr implements Expression {

    /** The most texts whose placeholder positions are remembered; texts are nearly always constants. */
    private static final int CACHED_TEXTS = 4_096;
    private static final Map<String, int[]> PLACEHOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

    private final String sql;
    private final List<@Nullable Object> args;
    /** Where the {@code ?} placeholders are in {@link #sql}, one per argument. */
    private final int[] markers;

    private Expr(String sql, List<@Nullable Object> args, int[] markers) {
        this.sql = sql;
        this.args = args;
        this.markers = markers;
    }

    /**
     * An SQL fragment without values.
     *
     * @param sql trusted SQL text
     * @return the expression
     * @throws IllegalArgumentException when the text has {@code ?} placeholders
     */
    public static Expr of(String sql) {
        return build(sql, new Object[0]);
    }

    /**
     * An SQL fragment with one value: {@code Expr.of("age > ?", 18)}. The value may come from a generic method such as
     * {@code ContextView#get}: with a varargs form alone, Java would infer an array there and throw
     * {@link ClassCastException} at the call. An {@code Object[]} given alone is the argument list, as with varargs;
     * pass a list to bind an array as one {@code IN} list.
     *
     * @param sql trusted SQL text
     * @param arg the value of the one placeholder; or one {@code Map}, or a {@link dev.r2orm.Named} value, for SQL with
     *     {@code @name} placeholders (see {@link #named}); or an {@code Object[]} of values
     * @return the expression
     * @throws IllegalArgumentException when the number of placeholders and arguments differ
     */
    public static Expr of(String sql, @Nullable Object arg) {
        return build(sql, arguments(arg));
    }

    /**
     * An SQL fragment with {@code ?} placeholders.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more further values, one per placeholder; or only {@link dev.r2orm.Named} values, for SQL with
     *     {@code @name} placeholders (see {@link #named})
     * @return the expression
     * @throws IllegalArgumentException when the number of placeholders and arguments differ
     */
    public static Expr of(String sql, @Nullable Object arg, @Nullable Object... more) {
        return build(sql, arguments(arg, more));
    }

    /**
     * The argument list of a call with one argument: an {@code Object[]} is the list itself (what a varargs call would
     * have received), anything else is one value.
     *
     * @param arg the argument
     * @return the arguments
     */
    private static @Nullable Object[] arguments(@Nullable Object arg) {
        return arg instanceof Object[] ? (Object[]) arg : new Object[] {arg};
    }

    /**
     * The argument list of a call with a first argument and varargs; a null array (a call passing {@code null} last)
     * is one null value.
     *
     * @param arg the first argument
     * @param more the others
     * @return the arguments
     */
    private static @Nullable Object[] arguments(@Nullable Object arg, @Nullable Object @Nullable [] more) {
        if (more == null) {
            return new Object[] {arg, null};
        }
        Object[] all = new Object[more.length + 1];
        all[0] = arg;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    private static Expr build(String sql, @Nullable Object[] args) {
        Objects.requireNonNull(sql, "sql must not be null");
        List<@Nullable Object> list = Arrays.asList(args.clone());
        if (allNamed(list)) {
            Map<String, @Nullable Object> named = new LinkedHashMap<>();
            list.forEach(a -> named.put(((dev.r2orm.Named) a).name(), ((dev.r2orm.Named) a).value()));
            return named(sql, named);
        }
        if (list.size() == 1 && list.get(0) instanceof Map && sql.indexOf('@') >= 0 && countPlaceholders(sql) == 0) {
            @SuppressWarnings("unchecked")
            Map<String, ?> named = (Map<String, ?>) list.get(0);
            return named(sql, named);
        }
        int[] markers = placeholders(sql);
        if (markers.length != list.size()) {
            throw new IllegalArgumentException("SQL [" + sql + "] has " + markers.length + " placeholder(s) but "
                    + list.size() + " argument(s) were given");
        }
        return new Expr(sql, list, markers);
    }

    private static boolean allNamed(List<@Nullable Object> args) {
        if (args.isEmpty()) {
            return false;
        }
        for (Object a : args) {
            if (!(a instanceof dev.r2orm.Named)) {
                return false;
            }
        }
        return true;
    }

    /** The positions of the unquoted {@code ?} in a text, worked out once per text (up to {@link #CACHED_TEXTS}). */
    private static int[] placeholders(String sql) {
        int[] cached = PLACEHOLDERS.get(sql);
        if (cached != null) {
            return cached;
        }
        int[] found = new int[countPlaceholders(sql)];
        int at = -1;
        for (int i = 0; i < found.length; i++) {
            at = nextUnquoted(sql, at + 1, '?');
            found[i] = at;
        }
        if (PLACEHOLDERS.size() < CACHED_TEXTS) {
            PLACEHOLDERS.put(sql, found);
        }
        return found;
    }

    /**
     * An SQL fragment with {@code @name} placeholders, each replaced by its value from the map (bound, once per
     * occurrence). {@code @@name} (MySQL system variables) and {@code @} inside quotes are left alone.
     *
     * @param sql trusted SQL text
     * @param values the values by name
     * @return the expression
     * @throws IllegalArgumentException naming a placeholder that has no value
     */
    public static Expr named(String sql, Map<String, ?> values) {
        Objects.requireNonNull(sql, "sql must not be null");
        StringBuilder text = new StringBuilder(sql.length());
        List<@Nullable Object> args = new ArrayList<>();
        int n = sql.length();
        int start = 0;
        int at;
        while ((at = nextUnquoted(sql, start, '@')) >= 0) {
            text.append(sql, start, at);
            int j = at + 1;
            boolean system = j < n && sql.charAt(j) == '@';
            if (system) {
                j++;
            }
            while (j < n && isNameChar(sql.charAt(j))) {
                j++;
            }
            String name = sql.substring(at + (system ? 2 : 1), j);
            if (system || name.isEmpty()) {
                text.append(sql, at, j);
            } else {
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("SQL [" + sql + "] uses @" + name + " but no value is named "
                            + name + " (names given: " + values.keySet() + ")");
                }
                text.append('?');
                args.add(values.get(name));
            }
            start = Math.max(j, at + 1);
        }
        text.append(sql, start, n);
        String rewritten = text.toString();
        return new Expr(rewritten, args, placeholders(rewritten));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Raw SQL for the places that otherwise accept only column names ({@code order}, {@code select}). Same as
     * {@link #of(String)}; the name makes raw SQL visible where it is used.
     *
     * @param sql trusted SQL text: never user input
     * @return the expression
     */
    public static Expr raw(String sql) {
        return of(sql);
    }

    /**
     * Raw SQL with one value; see {@link #of(String, Object)} and {@link #raw(String)}.
     *
     * @param sql trusted SQL text: never user input
     * @param arg the value of the one placeholder (an {@code Object[]} alone is the argument list)
     * @return the expression
     */
    public static Expr raw(String sql, @Nullable Object arg) {
        return of(sql, arg);
    }

    /**
     * Raw SQL with values; see {@link #of(String, Object, Object...)} and {@link #raw(String)}.
     *
     * @param sql trusted SQL text: never user input
     * @param arg the first value
     * @param more further values, one per placeholder
     * @return the expression
     */
    public static Expr raw(String sql, @Nullable Object arg, @Nullable Object... more) {
        return of(sql, arg, more);
    }

    /** @return the SQL text as given */
    public String sql() {
        return sql;
    }

    /** @return the arguments as given */
    public List<@Nullable Object> args() {
        return args;
    }

    @Override
    public void build(SqlWriter w) {
        int start = 0;
        for (int i = 0; i < markers.length; i++) {
            w.fragment(sql, start, markers[i]);
            writeArg(w, args.get(i));
            start = markers[i] + 1;
        }
        w.fragment(sql, start, sql.length());
    }

    /**
     * The index of the next {@code target} at or after {@code from} that is outside quoted strings and quoted
     * identifiers, or -1. {@code from} must itself be outside quotes.
     */
    private static int nextUnquoted(String sql, int from, char target) {
        char quote = 0;
        for (int i = from; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }

    private static void writeArg(SqlWriter w, @Nullable Object arg) {
        if (arg instanceof Expression) {
            ((Expression) arg).build(w);
        } else if (arg instanceof Collection<?>) {
            writeList(w, ((Collection<?>) arg).toArray());
        } else if (arg instanceof Object[]) {
            writeList(w, (Object[]) arg);
        } else if (arg == null) {
            w.bind(null, Object.class);
        } else {
            w.bind(arg);
        }
    }

    private static void writeList(SqlWriter w, Object[] values) {
        w.keyword("(");
        if (values.length == 0) {
            w.keyword("NULL");
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                w.keyword(",");
            }
            writeArg(w, values[i]);
        }
        w.keyword(")");
    }

    static int countPlaceholders(String sql) {
        int count = 0;
        int at = -1;
        while ((at = nextUnquoted(sql, at + 1, '?')) >= 0) {
            count++;
        }
        return count;
    }

    @Override
    public String toString() {
        return sql + (args.isEmpty() ? "" : " " + args);
    }
}
