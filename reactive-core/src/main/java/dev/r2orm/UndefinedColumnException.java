package dev.r2orm;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A statement named a column the table does not have (SQLSTATE 42703; 42S22 on MySQL, MariaDB and H2): the model and
 * the database disagree. The message carries the database's own message, which names the column. When the statement
 * belonged to an association whose column was guessed by convention, the caller gets an
 * {@link InvalidModelException} naming the guess and the annotation that overrides it, with this exception as the
 * cause.
 */
public class UndefinedColumnException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String column;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     * @param column the missing column as the database named it (without a table qualifier), or null
     */
    public UndefinedColumnException(String message, @Nullable Throwable cause, @Nullable String column) {
        super(message, cause);
        this.column = column;
    }

    /**
     * The column the database says does not exist, without the table or alias it was qualified with.
     *
     * @return the column; empty when the message could not be read
     */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }

    /**
     * Whether the missing column is this one, ignoring case.
     *
     * @param name a column name
     * @return whether the database named it as missing
     */
    public boolean names(String name) {
        return name.equalsIgnoreCase(column);
    }
}
