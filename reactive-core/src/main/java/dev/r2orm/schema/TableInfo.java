package dev.r2orm.schema;

import java.util.List;
import java.util.Objects;

/**
 * A table as the database's catalog describes it: what {@code Migrator} compares a model with.
 *
 * @param name the table name, as stored
 * @param comment the table comment, empty when none
 * @param columns the columns, in their order in the table
 * @param indexes every index of the table, the primary key's and the constraints' included
 * @param constraints the primary key, unique, check and foreign key constraints
 */
public record TableInfo(String name, String comment, List<ColumnType> columns, List<IndexDef> indexes,
        List<ConstraintDef> constraints) {

    /**
     * Copies the lists and checks the components.
     *
     * @throws NullPointerException naming a missing component
     */
    public TableInfo {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(comment, "comment must not be null");
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
    }

    /**
     * Finds a column by name, case-insensitive.
     *
     * @param column the column name
     * @return the column, or null
     */
    public @org.jspecify.annotations.Nullable ColumnType column(String column) {
        for (ColumnType c : columns) {
            if (c.name().equalsIgnoreCase(column)) {
                return c;
            }
        }
        return null;
    }
}
