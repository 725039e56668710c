package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A write broke a constraint of the database (unique, foreign key, check, not null). Subclasses say which.
 */
public class ConstraintViolationException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public ConstraintViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public ConstraintViolationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
