package dev.r2orm;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * @param createBatchSize the most rows one INSERT of {@code createAll} carries (0: as many as the dialect's bind
 *     limit allows); the statements of one call run in one transaction
 * @param fullSaveAssociations when creating an entity, overwrite the columns of associated rows that exist already
 *     (by default they are only linked)
 * @param fetchSize the rows a streamed query asks the driver for at a time (0: {@link #DEFAULT_FETCH_SIZE}, none);
 *     see {@link Query#fetchSize(int)}
 * @param statementTimeout the statement timeout of this session's operations (see
 *     {@link StatementTimeoutException}); null for {@link Config#statementTimeout()}
 */
public record Session(boolean dryRun, boolean skipDefaultTransaction, boolean skipHooks, boolean allowGlobalUpdate,
        int createBatchSize, boolean fullSaveAssociations, int fetchSize, @Nullable Duration statementTimeout) {

    /**
     * The fetch size of a streamed query when neither the query nor the session sets one: 0, none. The driver then
     * sends the whole result in one exchange and reads it off the socket only as the subscriber requests rows, so
     * memory stays bounded (a 1,000,000-row stream keeps under 10 MB of live heap on PostgreSQL and MariaDB) and no
     * round trip is spent per fetch; cancelling such a stream cancels it on the server after a short grace.
     */
    public static final int DEFAULT_FETCH_SIZE = 0;

    /** The default options: execute, with default transactions and hooks, no global updates. */
    public static final Session DEFAULT = new Session(false, false, false, false, 0, false, 0, null);

    /**
     * Checks the options.
     *
     * @param dryRun see above
     * @param skipDefaultTransaction see above
     * @param skipHooks see above
     * @param allowGlobalUpdate see above
     * @param createBatchSize see above; not negative
     * @param fullSaveAssociations see above
     * @param fetchSize see above; not negative
     * @param statementTimeout see above; positive when set
     * @throws IllegalArgumentException when a size is negative or the timeout is not positive
     */
    public Session {
        if (statementTimeout != null && (statementTimeout.isNegative() || statementTimeout.isZero())) {
            throw new IllegalArgumentException("statementTimeout must be positive, was " + statementTimeout);
        }
        if (createBatchSize < 0) {
            throw new IllegalArgumentException("createBatchSize must not be negative, was " + createBatchSize);
        }
        if (fetchSize < 0) {
            throw new IllegalArgumentException("fetchSize must not be negative, was " + fetchSize);
        }
    }

    /**
     * The same options with hooks skipped.
     *
     * @return a new session
     */
    public Session withoutHooks() {
        return new Session(dryRun, skipDefaultTransaction, true, allowGlobalUpdate, createBatchSize,
                fullSaveAssociations, fetchSize, statementTimeout);
    }

    /**
     * The same options with another statement timeout.
     *
     * @param timeout a positive duration
     * @return a new session
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public Session withStatementTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return new Session(dryRun, skipDefaultTransaction, skipHooks, allowGlobalUpdate, createBatchSize,
                fullSaveAssociations, fetchSize, timeout);
    }

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
        private int createBatchSize;
        private boolean fullSaveAssociations;
        private int fetchSize;
        private @Nullable Duration statementTimeout;

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

        /**
         * Splits {@code createAll} into INSERTs of at most this many rows.
         *
         * @param rows at least 1, or 0 for the dialect's bind limit
         * @return this builder
         */
        public Builder createBatchSize(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("createBatchSize must not be negative, was " + rows);
            }
            this.createBatchSize = rows;
            return this;
        }

        /**
         * Overwrites existing associated rows when creating an entity, instead of only linking them.
         *
         * @param full {@code true} to overwrite
         * @return this builder
         */
        public Builder fullSaveAssociations(boolean full) {
            this.fullSaveAssociations = full;
            return this;
        }

        /**
         * Sets the rows a streamed query asks the driver for at a time (see {@link Query#fetchSize(int)}).
         *
         * @param rows at least 1, or 0 for none ({@link Session#DEFAULT_FETCH_SIZE})
         * @return this builder
         * @throws IllegalArgumentException when rows is negative
         */
        public Builder fetchSize(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("fetchSize must not be negative, was " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * Sets the statement timeout of the session's operations, instead of {@link Config#statementTimeout()}.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive
         */
        public Builder statementTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("statementTimeout must be positive, was " + timeout);
            }
            this.statementTimeout = timeout;
            return this;
        }

        /** @return the session options */
        public Session build() {
            return new Session(dryRun, skipDefaultTransaction, skipHooks, allowGlobalUpdate, createBatchSize,
                    fullSaveAssociations, fetchSize, statementTimeout);
        }
    }
}
