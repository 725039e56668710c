package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * The database broke a deadlock by failing this transaction (PostgreSQL 40P01, MySQL/MariaDB 1213); retrying the whole transaction may succeed.
 */
public class DeadlockException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public DeadlockException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public DeadlockException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Always {@code true}: running the transaction again may succeed. */
    @Override
    public boolean isRetryable() {
        return true;
    }}
