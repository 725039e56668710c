package dev.r2orm.migrate;

import dev.r2orm.R2ormException;
import org.jspecify.annotations.Nullable;

/**
 * A migration could not run: bad files, a dirty database, an integrity mismatch or a failed statement. The message
 * names the file and the statement where there is one, and says how to recover.
 */
public class MigrationException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and how to recover
     */
    public MigrationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed and how to recover
     * @param cause the underlying error
     */
    public MigrationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
