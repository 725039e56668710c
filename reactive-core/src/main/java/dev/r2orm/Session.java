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
 * @param skipDefaultTransaction do not wrap writes that take several statements or run hooks in a transaction of
 *     their own
 * @param skipHooks do not call the models' hooks ({@code BeforeCreate}, {@code AfterFind}, ...)
 * @param allowGlobalUpdate let an update or delete without any condition touch every row, instead of signalling
 *     {@link MissingWhereClauseException}
 */
public record Session(boolean dryRun, boolean skipDefaultTransaction, boolean skipHooks, boolean allowGlobalUpdate) {

    /** The default options: execute, with default transactions and hooks, no global updates. */
    public static final Session DEFAULT = new Session(false, false, false, false);

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
        private boolean skipHooks;
        private boolean allowGlobalUpdate;

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
         * Skips the transaction r2orm opens around writes that take several statements or run hooks.
         *
         * @param skip {@code true} to skip it
         * @return this builder
         */
        public Builder skipDefaultTransaction(boolean skip) {
            this.skipDefaultTransaction = skip;
            return this;
        }

        /**
         * Skips the models' hooks.
         *
         * @param skip {@code true} to skip them
         * @return this builder
         */
        public Builder skipHooks(boolean skip) {
            this.skipHooks = skip;
            return this;
        }

        /**
         * Lets updates and deletes without conditions touch every row.
         *
         * @param allow {@code true} to allow them
         * @return this builder
         */
        public Builder allowGlobalUpdate(boolean allow) {
            this.allowGlobalUpdate = allow;
            return this;
        }

        /** @return the session options */
        public Session build() {
            return new Session(dryRun, skipDefaultTransaction, skipHooks, allowGlobalUpdate);
        }
    }
}
