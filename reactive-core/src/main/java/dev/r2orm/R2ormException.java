package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception r2orm signals. Unchecked. Driver errors are translated by the dialect into a subclass
 * where one fits and keep the driver's exception as the cause; messages carry the SQL but never the bound values.
 */
public class R2ormException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed
     */
    public R2ormException(String message) {
        super(message);
    }

    /**
     * Creates an exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public R2ormException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether running the whole unit of work again may succeed (serialization failures and deadlocks).
     *
     * @return {@code false} unless the subclass says otherwise
     */
    public boolean isRetryable() {
        return false;
    }
}
