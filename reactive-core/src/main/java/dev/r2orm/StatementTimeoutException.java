package dev.r2orm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A statement got no answer within its statement timeout ({@link Config.Builder#statementTimeout},
 * {@link Session.Builder#statementTimeout}, {@link Query#timeout}). While rows are still owed to a subscriber that asked
 * for them, the timeout bounds the wait for each; a subscriber that asks for nothing is never timed out.
 *
 * <p>The connection is closed, not returned to the pool: the statement may still be running on the server. As with
 * {@link ConnectionLostException}, {@link #outcomeUnknown()} tells whether it may have taken effect. A statement the
 * server itself cancelled for its own {@code statement_timeout} (PostgreSQL 57014, MariaDB 1969) is reported with this
 * type too; it did not take effect.
 */
public class StatementTimeoutException extends ConnectionLostException {

    private static final long serialVersionUID = 1L;

    private final @Nullable Duration timeout;

    /**
     * Creates the exception.
     *
     * @param message what timed out; carries the SQL, never the bound values
     * @param sql the statement
     * @param timeout the timeout that ran out, or null when the server's own timeout cancelled it
     * @param outcomeUnknown whether the statement may have taken effect
     * @param cause the driver's error, if any
     */
    public StatementTimeoutException(String message, String sql, @Nullable Duration timeout, boolean outcomeUnknown,
            @Nullable Throwable cause) {
        super(message, sql, outcomeUnknown, cause);
        this.timeout = timeout;
    }

    /** @return the timeout that ran out; null when the server cancelled the statement for its own timeout */
    public @Nullable Duration timeout() {
        return timeout;
    }
}
