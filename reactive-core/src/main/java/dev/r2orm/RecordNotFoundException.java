package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * Signalled by {@link Query#first()}, {@link Query#take()} and {@link Query#last()} when no row matches. {@link Query#find()} signals nothing for no rows: it completes empty.
 */
public class RecordNotFoundException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public RecordNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public RecordNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
