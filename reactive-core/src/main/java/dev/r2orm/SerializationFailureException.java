package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * The database could not serialize the transaction (SQLSTATE 40001); retrying the whole transaction may succeed.
 */
public class SerializationFailureException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public SerializationFailureException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public SerializationFailureException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Always {@code true}: running the transaction again may succeed. */
    @Override
    public boolean isRetryable() {
        return true;
    }}
