package dev.r2orm.migrate;

/**
 * Another runner held the migrations lock for longer than the lock timeout. Nothing was changed by this one, so
 * running it again later is safe.
 */
public class MigrationLockTimeoutException extends MigrationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for and how long
     */
    public MigrationLockTimeoutException(String message) {
        super(message);
    }

    /** @return {@code true}: nothing ran, so the command can run again */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
