package dev.r2orm;

import org.jspecify.annotations.Nullable;

/** A statement was issued through a transaction that was already committed or rolled back. */
public class TransactionClosedException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public TransactionClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public TransactionClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
