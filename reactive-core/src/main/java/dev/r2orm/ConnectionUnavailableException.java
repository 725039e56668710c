package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * No connection could be had within {@link Config#acquireTimeout()}: every connection was in use, the server refused
 * or did not answer the connection, or every connection the pool offered failed its validation. Nothing was sent to
 * the database, so running the operation again is safe ({@link #isRetryable()} is {@code true}); the last error met
 * while trying (driver, pool or network) is the cause.
 */
public class ConnectionUnavailableException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was tried and for how long
     * @param cause the last error met, or null when the wait simply ran out
     */
    public ConnectionUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Always {@code true}: no statement was sent, so the operation may run again. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
