package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * The connection failed, or was given up, after a statement had been sent: the server closed it or went away, the
 * network reset it, or no answer came in time ({@link StatementTimeoutException}). The connection is not used again.
 *
 * <p>Whether the statement took effect is known only in some cases, which {@link #outcomeUnknown()} tells:
 * <ul>
 *   <li>a read, or any statement of a transaction that had not yet sent its {@code COMMIT}: nothing was committed (a
 *       server rolls back the open transaction of a connection it loses), so the operation or the whole transaction
 *       may run again ({@link #isRetryable()});</li>
 *   <li>a write outside a transaction, or a {@code COMMIT}: the server may have committed it before the connection
 *       failed. Check before writing again; {@link #isRetryable()} is {@code false}.</li>
 * </ul>
 */
public class ConnectionLostException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final String sql;
    private final boolean outcomeUnknown;

    /**
     * Creates the exception.
     *
     * @param message what failed; carries the SQL, never the bound values
     * @param sql the statement that was in flight
     * @param outcomeUnknown whether the statement may have taken effect
     * @param cause the driver's, pool's or network's error
     */
    public ConnectionLostException(String message, String sql, boolean outcomeUnknown, @Nullable Throwable cause) {
        super(message, cause);
        this.sql = sql;
        this.outcomeUnknown = outcomeUnknown;
    }

    /** @return the statement that was in flight when the connection failed */
    public String sql() {
        return sql;
    }

    /**
     * Whether the statement may have taken effect: a write outside a transaction or a {@code COMMIT} that got no
     * answer.
     *
     * @return {@code true} when the database may hold what the statement wrote
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** @return {@code true} when nothing can have been committed, so running the work again is safe */
    @Override
    public boolean isRetryable() {
        return !outcomeUnknown;
    }
}
