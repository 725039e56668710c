package dev.r2orm.migrator;

import java.util.Objects;

/**
 * One way the live database differs from the models, as {@link Migrator#validate} reports it and as a {@link Plan}
 * records it.
 *
 * @param kind what differs
 * @param table the table
 * @param object the column, index or constraint concerned; empty for the table itself
 * @param expected what the models want, in words or SQL ({@code varchar(100) NOT NULL})
 * @param actual what the database has; empty when it has nothing
 */
public record Difference(Kind kind, String table, String object, String expected, String actual) {

    /** The kinds of difference. */
    public enum Kind {
        /** The table does not exist. */
        MISSING_TABLE,
        /** The column does not exist. */
        MISSING_COLUMN,
        /** The column's type, size or precision differs. */
        COLUMN_TYPE,
        /** The model allows NULL where the column is NOT NULL. */
        COLUMN_NOT_NULL,
        /** The model wants NOT NULL where the column allows NULL; AutoMigrate never adds it (GORM's rule). */
        COLUMN_NULLABLE,
        /** The column's default differs. */
        COLUMN_DEFAULT,
        /** The column's comment differs from the one the model declares. */
        COLUMN_COMMENT,
        /** The table's comment differs from the one the model declares. */
        TABLE_COMMENT,
        /** No index of that name or definition exists. */
        MISSING_INDEX,
        /** An index of that name exists with another definition. */
        CHANGED_INDEX,
        /** No constraint of that name or definition exists. */
        MISSING_CONSTRAINT,
        /** A constraint of that name exists with another definition. */
        CHANGED_CONSTRAINT,
        /** A database enum type ({@code @DatabaseEnum}) does not exist. */
        MISSING_TYPE,
        /** A database enum type lacks labels the Java enum has, or has labels it no longer has. */
        ENUM_LABELS
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException naming a missing component
     */
    public Difference {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(table, "table must not be null");
        Objects.requireNonNull(object, "object must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(actual, "actual must not be null");
    }

    @Override
    public String toString() {
        return kind + " " + table + (object.isEmpty() ? "" : "." + object) + ": expected " + expected
                + (actual.isEmpty() ? "" : ", found " + actual);
    }
}
