package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A write broke a check constraint (SQLSTATE 23514, H2 23513; MySQL/MariaDB error 4025).
 */
public class CheckViolationException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public CheckViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public CheckViolationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with its cause and what the database said about the constraint.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     * @param details the constraint, table and column the database named
     */
    public CheckViolationException(String message, @Nullable Throwable cause, ConstraintDetails details) {
        super(message, cause, details);
    }
}
