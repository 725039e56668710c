package dev.r2orm.clause;

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
 * sql.sql();    // SELECT * FROM "users" WHERE age > $1 LIMIT 10     (PostgreSQL)
 * sql.binds();  // [18]
 * }</pre>
 *
 * @param sql the SQL text
 * @param binds the bound values, in order; an element is null for SQL NULL
 * @param types the Java type of each bind, used to bind a null
 */
public record Sql(String sql, List<@Nullable Object> binds, List<Class<?>> types) {

    /**
     * Creates a rendered statement.
     *
     * @param sql the SQL text
     * @param binds the bound values
     * @param types the Java type of each bind
     */
    public Sql {
        Objects.requireNonNull(sql, "sql must not be null");
        binds = Collections.unmodifiableList(new ArrayList<>(binds));
        types = List.copyOf(types);
        if (binds.size() != types.size()) {
            throw new IllegalArgumentException("binds and types differ in size");
        }
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
    public String toString() {
        return binds.isEmpty() ? sql : sql + " " + binds;
    }
}
