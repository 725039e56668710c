package dev.r2orm.schema;

import java.util.List;
import java.util.Objects;

/**
 * A table constraint: declared by a model (a check, a unique column, an association's foreign key) or read from the
 * database's catalog.
 *
 * @param name the constraint name
 * @param table the table it belongs to
 * @param kind what it constrains
 * @param columns the constrained columns, in order (empty for a check read from a catalog that does not say)
 * @param definition a check's boolean expression; empty for the other kinds
 * @param refTable a foreign key's referenced table; empty for the other kinds
 * @param refColumns a foreign key's referenced columns
 * @param onUpdate a foreign key's update action, upper case ({@code CASCADE}); empty for the database's default
 * @param onDelete a foreign key's delete action, upper case; empty for the database's default
 */
public record ConstraintDef(String name, String table, Kind kind, List<String> columns, String definition,
        String refTable, List<String> refColumns, String onUpdate, String onDelete) {

    /** The kinds of constraint. */
    public enum Kind {
        /** The primary key. */
        PRIMARY_KEY,
        /** A unique constraint. */
        UNIQUE,
        /** A check constraint. */
        CHECK,
        /** A foreign key. */
        FOREIGN_KEY
    }

    /**
     * Copies the lists and checks the components.
     *
     * @throws NullPointerException naming a missing component
     */
    public ConstraintDef {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(table, "table must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        columns = List.copyOf(columns);
        Objects.requireNonNull(definition, "definition must not be null");
        Objects.requireNonNull(refTable, "refTable must not be null");
        refColumns = List.copyOf(refColumns);
        Objects.requireNonNull(onUpdate, "onUpdate must not be null");
        Objects.requireNonNull(onDelete, "onDelete must not be null");
    }

    /**
     * A check constraint.
     *
     * @param name the name
     * @param table the table
     * @param expression the boolean expression
     * @return the constraint
     */
    public static ConstraintDef check(String name, String table, String expression) {
        return new ConstraintDef(name, table, Kind.CHECK, List.of(), expression, "", List.of(), "", "");
    }

    /**
     * Whether another constraint has this one's definition, names aside: the same kind and columns
     * (case-insensitive); for a check the same expression once both are reduced by {@link IndexDef#normalizeSql};
     * for a foreign key the same referenced table and columns and the same actions ({@code NO ACTION} and
     * {@code RESTRICT} count as the default).
     *
     * @param other the other constraint, typically read from the catalog
     * @return {@code true} when they constrain the same thing the same way
     */
    public boolean sameDefinition(ConstraintDef other) {
        if (kind != other.kind || !sameNames(columns, other.columns) && !(kind == Kind.CHECK)) {
            return false;
        }
        switch (kind) {
            case CHECK:
                return IndexDef.normalizeSql(definition).equals(IndexDef.normalizeSql(other.definition));
            case FOREIGN_KEY:
                return refTable.equalsIgnoreCase(other.refTable) && sameNames(refColumns, other.refColumns)
                        && action(onUpdate).equals(action(other.onUpdate))
                        && action(onDelete).equals(action(other.onDelete));
            default:
                return true;
        }
    }

    private static boolean sameNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String action(String action) {
        String a = action.toUpperCase(java.util.Locale.ROOT);
        return a.equals("NO ACTION") || a.equals("RESTRICT") ? "" : a;
    }
}
