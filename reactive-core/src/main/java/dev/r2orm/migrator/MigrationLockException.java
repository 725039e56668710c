package dev.r2orm.migrator;

import dev.r2orm.R2ormException;

/**
 * Another migrator held the schema's migration lock for longer than {@link Migrator#lockTimeout(java.time.Duration)}.
 * Nothing was changed by this one; running it again later is safe.
 */
public class MigrationLockException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for and how long
     */
    public MigrationLockException(String message) {
        super(message);
    }

    /** @return {@code true}: nothing ran, so the migration can run again */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
