package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * An update or delete has no condition at all, so it would touch every row. Add a condition, use
 * {@code db.model(entity)} with its primary key set, or allow it with {@code Session.builder().allowGlobalUpdate(true)}.
 */
public class MissingWhereClauseException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public MissingWhereClauseException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public MissingWhereClauseException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
