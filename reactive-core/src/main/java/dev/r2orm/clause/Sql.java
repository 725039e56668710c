package dev.r2orm.clause;

import dev.r2orm.dialect.Dialect;
import io.r2dbc.spi.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rendered statement: SQL text with the dialect's bind markers, and the values to bind, in order. Rendering needs
 * no connection, so any query can show its SQL ({@code toSql()}) before, or instead of, running it.
 *
 * <pre>{@code
 * Sql sql = db.model(User.class).where("age > ?", 18).limit(10).toSql();
 * sql.sql();       // SELECT * FROM "users" WHERE age > $1 LIMIT 10     (PostgreSQL)
 * sql.binds();     // [18]
 * sql.inlined();   // SELECT * FROM "users" WHERE age > 18 LIMIT 10     (for logs and consoles only)
 * }</pre>
 *
 * <p>Immutable. Equal when the text and the binds are equal.
 */
public final class Sql {

    private final String sql;
    private final List<@Nullable Object> binds;
    private final List<Class<?>> types;
    private final int[] markers;
    private final @Nullable Dialect dialect;

    /**
     * Creates a statement by hand; {@link #inlined()} then shows the binds after the text.
     *
     * @param sql the SQL text
     * @param binds the bound values, in order; an element is null for SQL NULL
     * @param types the Java type of each bind, used to bind a null
     * @throws IllegalArgumentException when binds and types differ in size
     */
    public Sql(String sql, List<@Nullable Object> binds, List<Class<?>> types) {
        this(sql, binds, types, new int[0], null);
    }

    Sql(String sql, List<@Nullable Object> binds, List<Class<?>> types, int[] markers, @Nullable Dialect dialect) {
        this(sql, Collections.unmodifiableList(new ArrayList<>(binds)), List.copyOf(types), markers, dialect, true);
    }

    /**
     * Takes the lists as they are when {@code frozen} (unmodifiable copies already), else wraps them without copying:
     * for lists no one changes afterwards (a {@link SqlWriter}'s, handed over).
     */
    Sql(String sql, List<@Nullable Object> binds, List<Class<?>> types, int[] markers, @Nullable Dialect dialect,
            boolean frozen) {
        this.sql = Objects.requireNonNull(sql, "sql must not be null");
        this.binds = frozen ? binds : Collections.unmodifiableList(binds);
        this.types = frozen ? types : Collections.unmodifiableList(types);
        if (binds.size() != types.size()) {
            throw new IllegalArgumentException("binds and types differ in size");
        }
        this.markers = markers;
        this.dialect = dialect;
    }

    /**
     * SQL text with no bind values.
     *
     * @param sql the SQL text
     * @return the statement
     */
    public static Sql of(String sql) {
        return new Sql(sql, List.of(), List.of());
    }

    /** @return the SQL text, with bind markers */
    public String sql() {
        return sql;
    }

    /** @return the bound values, in order; an element is null for SQL NULL */
    public List<@Nullable Object> binds() {
        return binds;
    }

    /** @return the Java type of each bind */
    public List<Class<?>> types() {
        return types;
    }

    /**
     * The SQL with every bound value written in as a literal of the dialect, to paste into a database console. For
     * logs and debugging only: never execute it, and mind that it shows the values. A driver {@link Parameter} bind
     * ({@code Parameters.in(R2dbcType.VARCHAR, "x")}) is written as its value.
     *
     * @return the inlined SQL; for a statement made by hand, the text followed by its binds
     */
    public String inlined() {
        if (binds.isEmpty()) {
            return sql;
        }
        if (dialect == null || markers.length != binds.size() * 2) {
            List<@Nullable Object> values = new ArrayList<>(binds.size());
            binds.forEach(b -> values.add(value(b)));
            return sql + " " + values;
        }
        StringBuilder out = new StringBuilder(sql.length() + binds.size() * 8);
        int at = 0;
        for (int i = 0; i < binds.size(); i++) {
            out.append(sql, at, markers[2 * i]);
            dialect.literal(out, value(binds.get(i)));
            at = markers[2 * i + 1];
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /** The value a bind stands for: a driver {@link Parameter}'s value, else the bind itself. */
    private static @Nullable Object value(@Nullable Object bind) {
        return bind instanceof Parameter ? ((Parameter) bind).getValue() : bind;
    }

    /**
     * SQL text cut for messages and logs: a multi-row insert can be megabytes long.
     *
     * @param sql the SQL text
     * @param max the most characters to keep
     * @return the text, or its first {@code max} characters followed by how many were cut
     */
    public static String abbreviate(String sql, int max) {
        if (sql.length() <= max) {
            return sql;
        }
        return sql.substring(0, max) + "... (" + (sql.length() - max) + " more characters)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sql && ((Sql) o).sql.equals(sql) && ((Sql) o).binds.equals(binds);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + binds.hashCode();
    }

    @Override
    public String toString() {
        return binds.isEmpty() ? sql : sql + " " + binds;
    }
}
