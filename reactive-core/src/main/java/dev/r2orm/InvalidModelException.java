package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A class cannot be mapped to a table; the message names the class, the field and the fix. Signalled at first use of the class.
 */
public class InvalidModelException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public InvalidModelException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public InvalidModelException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
