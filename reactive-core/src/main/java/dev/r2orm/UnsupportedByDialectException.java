package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * The operation needs a feature the database's dialect does not have; the message names the dialect and the feature.
 */
public class UnsupportedByDialectException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public UnsupportedByDialectException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public UnsupportedByDialectException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
