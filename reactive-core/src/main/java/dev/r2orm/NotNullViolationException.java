package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A write put NULL into a NOT NULL column (SQLSTATE 23502; MySQL/MariaDB error 1048).
 */
public class NotNullViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public NotNullViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public NotNullViolationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with its cause and what the database said about the constraint.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     * @param details the constraint, table and column the database named
     */
    public NotNullViolationException(String message, @Nullable Throwable cause, ConstraintDetails details) {
        super(message, cause, details);
    }
}
