package dev.r2orm;

import io.r2dbc.spi.IsolationLevel;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a transaction runs: isolation level, read-only, and a retry policy that re-runs the whole transaction function
 * after a failure that left nothing committed ({@link R2ormException#isRetryable()}): a
 * {@link SerializationFailureException}, a {@link DeadlockException}, a {@link ConnectionUnavailableException}, or a
 * {@link ConnectionLostException} before the {@code COMMIT} was sent. A connection lost during the {@code COMMIT} is
 * not retried: the transaction may have committed.
 *
 * <pre>{@code
 * db.transaction(TxOptions.builder().isolation(IsolationLevel.SERIALIZABLE).retries(5, Duration.ofMillis(10)).build(),
 *         tx -> transfer(tx, from, to, amount));
 * }</pre>
 *
 * @param isolation the isolation level, or null for the database's default
 * @param readOnly whether the transaction is read-only
 * @param retries how many times to run the function again after a retryable failure (0: never)
 * @param backoff the first delay before a retry; it grows exponentially, with jitter
 */
public record TxOptions(@Nullable IsolationLevel isolation, boolean readOnly, int retries, Duration backoff) {

    /** The database's default isolation, read-write, no retries. */
    public static final TxOptions DEFAULT = new TxOptions(null, false, 0, Duration.ofMillis(10));

    /**
     * Checks the options.
     *
     * @param isolation see above
     * @param readOnly see above
     * @param retries see above; not negative
     * @param backoff see above; positive
     */
    public TxOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        Objects.requireNonNull(backoff, "backoff must not be null");
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("backoff must be positive, was " + backoff);
        }
    }

    /**
     * A builder starting from {@link #DEFAULT}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TxOptions}. */
    public static final class Builder {

        private @Nullable IsolationLevel isolation;
        private boolean readOnly;
        private int retries;
        private Duration backoff = Duration.ofMillis(10);

        private Builder() {
        }

        /**
         * Sets the isolation level.
         *
         * @param level for example {@code IsolationLevel.SERIALIZABLE}
         * @return this builder
         */
        public Builder isolation(IsolationLevel level) {
            this.isolation = Objects.requireNonNull(level, "level must not be null");
            return this;
        }

        /**
         * Makes the transaction read-only.
         *
         * @param readOnly whether it is read-only
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Re-runs the transaction function after a retryable failure, at most {@code times} times.
         *
         * @param times the most retries
         * @param firstBackoff the first delay, growing exponentially
         * @return this builder
         */
        public Builder retries(int times, Duration firstBackoff) {
            this.retries = times;
            this.backoff = firstBackoff;
            return this;
        }

        /** @return the options */
        public TxOptions build() {
            return new TxOptions(isolation, readOnly, retries, backoff);
        }
    }
}
