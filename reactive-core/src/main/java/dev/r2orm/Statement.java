package dev.r2orm;

import dev.r2orm.clause.Clause;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Where;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One statement being assembled: the target table, the model's schema, and its clauses by slot name. Immutable:
 * {@link #with(Clause)} returns a new statement. Renders to {@link Sql} without a connection.
 */
public final class Statement {

    /** The clause order of a query. */
    public static final List<String> SELECT = List.of("SELECT", "FROM", "INDEX HINT", "JOIN", "WHERE", "GROUP BY",
            "HAVING", "ORDER BY", "LIMIT", "FOR");

    /** The clause order of an insert. */
    public static final List<String> INSERT = List.of("INSERT", "VALUES", "ON CONFLICT", "RETURNING");

    /** The clause order of an update. */
    public static final List<String> UPDATE = List.of("UPDATE", "SET", "WHERE", "RETURNING");

    /** The clause order of a delete. */
    public static final List<String> DELETE = List.of("DELETE", "WHERE", "RETURNING");

    private static final Clause[] NONE = new Clause[0];
    private static final String[] NO_NAMES = new String[0];

    private final String table;
    private final @Nullable Schema schema;
    /** The clauses, at most one per slot name; a handful, so a plain array is cheaper to copy and search than a map. */
    private final Clause[] clauses;
    /** Their slot names, read once: a lookup compares strings instead of asking every clause its name. */
    private final String[] names;

    private Statement(String table, @Nullable Schema schema, Clause[] clauses, String[] names) {
        this.table = table;
        this.schema = schema;
        this.clauses = clauses;
        this.names = names;
    }

    private int slot(String name) {
        int hash = name.hashCode();
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n == name || n.hashCode() == hash && n.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An empty statement on a table.
     *
     * @param table the table name
     * @param schema the model's schema, or null for a table without a model
     * @return the statement
     */
    public static Statement of(String table, @Nullable Schema schema) {
        return new Statement(Objects.requireNonNull(table, "table must not be null"), schema, NONE, NO_NAMES);
    }

    /** @return the table name */
    public String table() {
        return table;
    }

    /** @return the model's schema, or null */
    public @Nullable Schema schema() {
        return schema;
    }

    /**
     * The clause in a slot.
     *
     * @param name the slot, for example {@code "WHERE"}
     * @return the clause, or null
     */
    public @Nullable Clause clause(String name) {
        int i = slot(name);
        return i < 0 ? null : clauses[i];
    }

    /**
     * Adds a clause, merging it with the one already in its slot (see {@link Clause#mergeAfter(Clause)}). A clause
     * must render something: leave an empty clause out rather than add it.
     *
     * @param clause the clause
     * @return a new statement
     */
    public Statement with(Clause clause) {
        String name = clause.name();
        int i = slot(name);
        if (i < 0) {
            Clause[] copy = Arrays.copyOf(clauses, clauses.length + 1);
            copy[clauses.length] = clause;
            String[] copyNames = Arrays.copyOf(names, names.length + 1);
            copyNames[names.length] = name;
            return new Statement(table, schema, copy, copyNames);
        }
        Clause[] copy = clauses.clone();
        copy[i] = clause.mergeAfter(clauses[i]);
        return new Statement(table, schema, copy, names);
    }

    /**
     * Removes the clause in a slot.
     *
     * @param name the slot
     * @return a new statement
     */
    public Statement without(String name) {
        int i = slot(name);
        if (i < 0) {
            return this;
        }
        Clause[] copy = new Clause[clauses.length - 1];
        System.arraycopy(clauses, 0, copy, 0, i);
        System.arraycopy(clauses, i + 1, copy, i, clauses.length - i - 1);
        String[] copyNames = new String[names.length - 1];
        System.arraycopy(names, 0, copyNames, 0, i);
        System.arraycopy(names, i + 1, copyNames, i, names.length - i - 1);
        return new Statement(table, schema, copy, copyNames);
    }

    /**
     * Adds the soft-delete condition of the model ({@code "users"."deleted_at" IS NULL}), if it has a soft-delete
     * field.
     *
     * @return the statement with the condition ANDed, or this statement
     */
    public Statement withSoftDeleteScope() {
        Field soft = schema == null ? null : schema.softDeleteField();
        if (soft == null) {
            return this;
        }
        return with(Where.of(new Eq(new Column(table, soft.column()), null, soft.boxedType())));
    }

    /**
     * Renders the clauses present, in the given slot order, separated by spaces.
     *
     * @param dialect the dialect
     * @param order the slot order, for example {@link #SELECT}
     * @return the SQL and its binds
     */
    public Sql render(Dialect dialect, List<String> order) {
        SqlWriter w = new SqlWriter(dialect);
        renderInto(w, order);
        return w.toSql();
    }

    /**
     * Renders the clauses present into a writer, for statements nested in others.
     *
     * @param w the writer
     * @param order the slot order
     */
    public void renderInto(SqlWriter w, List<String> order) {
        boolean first = true;
        for (String name : order) {
            Clause c = clause(name);
            if (c == null) {
                continue;
            }
            if (!first) {
                w.keyword(" ");
            }
            c.build(w);
            first = false;
        }
    }

    @Override
    public String toString() {
        return "Statement[" + table + " " + Arrays.asList(clauses) + "]";
    }
}
