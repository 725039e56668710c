package dev.r2orm;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A value cannot be stored or sent as it is, so it was refused rather than changed: a string longer than its column, a
 * number out of the column's range or with more digits than its precision and scale, a time finer than the
 * microseconds databases keep or outside the years the database stores, text its encoding cannot hold (an unpaired
 * surrogate; NUL on PostgreSQL), a value whose type does not fit the field it is written to.
 *
 * <p>r2orm signals it before any SQL is sent when it can tell from the field (its type and its declared size,
 * precision and scale) and the dialect; otherwise the dialect translates the database's data errors into it (SQLSTATE
 * class 22; MySQL and MariaDB errors such as 1264, 1292, 1366 and 1406). The message names the field and its column,
 * the column the database named, or the parameter of a raw statement, and never the value, which may be secret:
 *
 * <pre>
 * invalid value for field name (column name): 51 characters, longer than the field's size 50
 * invalid value for column short50: value too long; SQL [INSERT INTO ...]; SQLSTATE 22001, code 22001
 * </pre>
 */
public class InvalidValueException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String field;
    private final @Nullable String column;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the value, naming where it was written
     * @param cause the underlying error (the driver's, or the converter's), or null
     * @param field the Java field the value was written to, or null when unknown
     * @param column the column, or null when unknown
     */
    public InvalidValueException(String message, @Nullable Throwable cause, @Nullable String field,
            @Nullable String column) {
        super(message, cause);
        this.field = field;
        this.column = column;
    }

    /**
     * The model field the value was written to.
     *
     * @return the field's Java name; empty for a raw statement, a table without a model, or an error the database
     *     reported without saying where
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * The column the value was written to, as r2orm or the database named it.
     *
     * @return the column; empty when unknown (PostgreSQL does not name it in most data errors)
     */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
