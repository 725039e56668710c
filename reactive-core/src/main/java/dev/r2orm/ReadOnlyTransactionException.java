package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A write was attempted in a read-only transaction: one begun with {@link TxOptions#readOnly()}, or a Spring
 * transaction marked read-only that r2orm joined. PostgreSQL and MariaDB refuse it themselves (SQLSTATE 25006);
 * r2orm refuses it before sending on databases that do not enforce read-only transactions (H2). Not retryable: the
 * same write fails again in the same kind of transaction.
 */
public class ReadOnlyTransactionException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with its SQL
     * @param cause the driver's error, or null when r2orm refused the write before sending it
     */
    public ReadOnlyTransactionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
