package dev.r2orm.schema;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A column as the database describes it (read from its catalog by {@code Migrator.columnTypes}), or as a model wants it
 * (built by the migrator from a {@link Field} and the dialect's DDL type). GORM's {@code ColumnType}.
 *
 * @param name the column name, as stored
 * @param databaseType the type's name without arguments, lower case, as the database spells it ({@code varchar},
 *     {@code character varying}, {@code int}, {@code timestamp with time zone}, {@code mpaa_rating})
 * @param columnType the full type with its arguments ({@code character varying(20)}, {@code decimal(10,2)},
 *     {@code int(11)}, {@code text[]})
 * @param length the declared length of a character or binary type, 0 when it has none
 * @param precision the declared precision of a decimal type, or the fractional-second digits of a time type; 0 when
 *     none is declared
 * @param scale the declared scale of a decimal type
 * @param nullable whether the column accepts NULL
 * @param defaultValue the default expression as the database reports it, null when there is none
 * @param primaryKey whether the column is part of the primary key
 * @param autoIncrement whether the database generates its values (serial, identity, {@code AUTO_INCREMENT})
 * @param unique whether a unique constraint or unique index covers exactly this column
 * @param comment the column's comment, empty when none
 */
public record ColumnType(String name, String databaseType, String columnType, long length, int precision, int scale,
        boolean nullable, @Nullable String defaultValue, boolean primaryKey, boolean autoIncrement, boolean unique,
        String comment) {

    /**
     * Checks the names.
     *
     * @throws NullPointerException naming a missing component
     */
    public ColumnType {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(databaseType, "databaseType must not be null");
        Objects.requireNonNull(columnType, "columnType must not be null");
        Objects.requireNonNull(comment, "comment must not be null");
    }
}
