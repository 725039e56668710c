package dev.r2orm.clause;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A column reference, quoted when rendered: {@code "users"."name"} or {@code "name"}.
 *
 * @param table the table or alias qualifying the column, or null
 * @param name the column name
 */
public record Column(@Nullable String table, String name) implements Expression {

    /**
     * Creates a column reference.
     *
     * @param table the qualifying table, or null
     * @param name the column name
     */
    public Column {
        Objects.requireNonNull(name, "name must not be null");
    }

    /**
     * An unqualified column.
     *
     * @param name the column name
     * @return the reference
     */
    public static Column of(String name) {
        return new Column(null, name);
    }

    @Override
    public void build(SqlWriter w) {
        if (table != null) {
            w.identifier(table).keyword(".");
        }
        w.identifier(name);
    }
}
