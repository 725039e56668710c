package dev.r2orm;

/**
 * Options of the operations run through one {@link Db} view ({@link Db#session(Session)}). Immutable.
 *
 * <pre>{@code
 * Db dry = db.session(Session.builder().dryRun(true).build());
 * dry.create(user);   // renders and logs the INSERT, touches no database, emits the user unchanged
 * }</pre>
 *
 * @param dryRun render and log every statement but execute none: queries complete empty (so {@code first()} signals
 *     nothing), creates emit their entities unchanged, counts emit 0
 * @param skipDefaultTransaction do not wrap multi-statement writes (a create split into several INSERTs) in a
 *     transaction of their own
 */
public record Session(boolean dryRun, boolean skipDefaultTransaction) {

    /** The default options: execute, with default transactions. */
    public static final Session DEFAULT = new Session(false, false);

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Session}. */
    public static final class Builder {

        private boolean dryRun;
        private boolean skipDefaultTransaction;

        private Builder() {
        }

        /**
         * Renders and logs statements without executing them.
         *
         * @param dryRun {@code true} for a dry run
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Skips the transaction r2orm opens around writes that take several statements.
         *
         * @param skip {@code true} to skip it
         * @return this builder
         */
        public Builder skipDefaultTransaction(boolean skip) {
            this.skipDefaultTransaction = skip;
            return this;
        }

        /** @return the session options */
        public Session build() {
            return new Session(dryRun, skipDefaultTransaction);
        }
    }
}
