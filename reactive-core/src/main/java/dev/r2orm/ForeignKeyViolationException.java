package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A write broke a foreign key constraint (SQLSTATE 23503, H2 23506; MySQL/MariaDB errors 1451, 1452).
 */
public class ForeignKeyViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public ForeignKeyViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public ForeignKeyViolationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with its cause and what the database said about the constraint.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     * @param details the constraint, table and column the database named
     */
    public ForeignKeyViolationException(String message, @Nullable Throwable cause, ConstraintDetails details) {
        super(message, cause, details);
    }
}
