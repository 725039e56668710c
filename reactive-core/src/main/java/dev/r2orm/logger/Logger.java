package dev.r2orm.logger;

import dev.r2orm.clause.Sql;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import reactor.util.context.ContextView;

/**
 * Receives one call per statement r2orm executes (or renders, in a dry run), after it finishes. Implementations must
 * be fast and thread-safe and must not throw.
 *
 * <p>The built-in logger writes to SLF4J, as GORM's logger does:
 *
 * <pre>{@code
 * Config.builder().logger(Logger.builder()
 *         .level(LogLevel.INFO)                    // every statement; default WARN: slow and failed ones
 *         .slowThreshold(Duration.ofMillis(500))   // default 200 ms; zero turns slow detection off
 *         .parameterizedQueries(false)             // write the values in; default true: bind markers only
 *         .build())
 *
 * // INFO  dev.r2orm.sql - [0.305ms] [rows:0] BEGIN
 * // INFO  dev.r2orm.sql - [0.912ms] [rows:3] SELECT * FROM "users" WHERE age > 18
 * // INFO  dev.r2orm.sql - [1.020ms] [rows:0] COMMIT
 * // WARN  dev.r2orm.sql - SLOW SQL >= 200ms [250.311ms] [rows:1] SELECT * FROM "orders" WHERE total > 100.50
 * // ERROR dev.r2orm.sql - dev.r2orm.DuplicatedKeyException: duplicate key; SQL [...] [1.204ms] [rows:0] INSERT ...
 * }</pre>
 *
 * <p>By default the SQL is logged with its bind markers and no values ({@code age > $1}), failed statements included:
 * values can hold secrets (passwords, tokens, personal data). In development,
 * {@link Builder#parameterizedQueries(boolean) parameterizedQueries(false)} writes the values in as literals of the
 * dialect, so that a line can be pasted into a database console (the lines above are logged that way).
 */
@FunctionalInterface
public interface Logger {

    /**
     * Called when a statement completes, fails or is cancelled.
     *
     * <p>{@code elapsed} is the statement's own time, which the slow threshold is compared with: from subscription to
     * termination, leaving out the periods during which the subscriber held rows back (from a row that used up its
     * demand until it requested more). A query streamed to a slow subscriber reports about the time the database and
     * the driver took, not the time the subscriber took to consume the rows; with unbounded demand (writes,
     * {@code collectList()}) it is the time from subscription to termination.
     *
     * @param sql the statement and its binds
     * @param elapsed the statement's time, as above
     * @param rows rows read or affected; -1 when unknown (cancelled)
     * @param error the error, or null
     * @param context the Reactor context of the operation (request ids, tenants, trace ids)
     */
    void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context);

    /**
     * Called when a transaction statement completes, fails or is cancelled: {@code BEGIN} (with its isolation level
     * and {@code READ ONLY} when set), {@code COMMIT}, {@code ROLLBACK}, {@code SAVEPOINT sp1},
     * {@code RELEASE SAVEPOINT sp1}, {@code ROLLBACK TO SAVEPOINT sp1}. The driver runs its own form of each (its
     * text may differ: {@code START TRANSACTION} on MySQL). Kept apart from {@link #trace} so that a logger counting
     * statements is not disturbed; the built-in logger writes them as statements (at info, or warn when slow, or error
     * when failed). Does nothing by default.
     *
     * @param sql the transaction statement, without binds
     * @param elapsed time from subscription to termination
     * @param error the error, or null
     * @param context the Reactor context of the operation
     */
    default void transaction(Sql sql, Duration elapsed, @Nullable Throwable error, ContextView context) {
    }

    /**
     * Called when r2orm did something the caller most likely did not mean, without an error to say so: for example a
     * transaction rolled back because its subscriber cancelled after receiving elements. By default written to SLF4J
     * category {@code dev.r2orm} at warn, whatever the logger; {@link #silent()} drops it.
     *
     * @param message what happened and what to do instead; never holds bound values
     * @param context the Reactor context of the operation
     */
    default void warning(String message, ContextView context) {
        LoggerFactory.getLogger("dev.r2orm").warn(message);
    }

    /**
     * The default logger: SLF4J category {@code dev.r2orm.sql}, level {@link LogLevel#WARN} (failed statements at
     * SLF4J error, statements taking {@code slowThreshold} or more at warn), bind markers without values. The same as
     * {@code builder().slowThreshold(slowThreshold).build()}.
     *
     * @param slowThreshold the duration from which a statement is logged as slow; zero turns slow detection off
     * @return the logger
     * @throws NullPointerException if {@code slowThreshold} is null
     * @throws IllegalArgumentException if {@code slowThreshold} is negative
     */
    static Logger slf4j(Duration slowThreshold) {
        return builder().slowThreshold(slowThreshold).build();
    }

    /**
     * A builder of the SLF4J logger, starting from the defaults: level {@link LogLevel#WARN}, slow from 200 ms,
     * bind markers without values, {@link dev.r2orm.RecordNotFoundException} not logged as an error.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * A logger that logs nothing.
     *
     * @return the logger
     */
    static Logger silent() {
        return Silent.INSTANCE;
    }

    /**
     * Whether this logger ignores every statement, so that r2orm may skip timing them; only {@link #silent()} does.
     *
     * @return {@code false} by default
     */
    default boolean isSilent() {
        return false;
    }

    /** The logger of {@link #silent()}. */
    final class Silent implements Logger {
        private static final Silent INSTANCE = new Silent();

        private Silent() {
        }

        @Override
        public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
        }

        @Override
        public void warning(String message, ContextView context) {
        }

        @Override
        public boolean isSilent() {
            return true;
        }
    }

    /**
     * Builds the SLF4J logger (category {@code dev.r2orm.sql}). Every setter validates its argument; the builder may
     * be reused, each {@link #build()} giving an independent, immutable logger. Not thread-safe.
     *
     * <p>Each statement gives one line: a failed one at SLF4J error (level {@link LogLevel#ERROR} and above), else a
     * slow one at warn ({@link LogLevel#WARN} and above), else at info ({@link LogLevel#INFO} only). Transaction
     * statements ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, savepoints; see {@link Logger#transaction}) are
     * logged the same way, so at info they show where each transaction starts and ends:
     *
     * <pre>
     * [12.345ms] [rows:3] SELECT * FROM "users" WHERE age &gt; 18
     * SLOW SQL &gt;= 200ms [250.311ms] [rows:3] SELECT ...
     * java.lang.IllegalStateException: boom [1.204ms] [rows:0] SELECT ...
     * [3.100ms] [rows:-] SELECT ...            (cancelled: rows unknown)
     * </pre>
     *
     * SQL longer than 10,000 characters is cut (see {@link Sql#abbreviate(String, int)}).
     */
    public static final class Builder {

        private LogLevel level = LogLevel.WARN;
        private Duration slowThreshold = Duration.ofMillis(200);
        private boolean parameterizedQueries = true;
        private boolean ignoreRecordNotFound = true;

        private Builder() {
        }

        /**
         * Sets what is logged; see {@link LogLevel}.
         *
         * @param level the level; default {@link LogLevel#WARN}
         * @return this builder
         * @throws NullPointerException if {@code level} is null
         */
        public Builder level(LogLevel level) {
            this.level = Objects.requireNonNull(level, "level must not be null");
            return this;
        }

        /**
         * Sets the duration from which a statement is slow, and logged at SLF4J warn from level
         * {@link LogLevel#WARN}.
         *
         * @param slowThreshold the threshold; default 200 ms; {@link Duration#ZERO} turns slow detection off
         * @return this builder
         * @throws NullPointerException if {@code slowThreshold} is null
         * @throws IllegalArgumentException if {@code slowThreshold} is negative
         */
        public Builder slowThreshold(Duration slowThreshold) {
            Objects.requireNonNull(slowThreshold, "slowThreshold must not be null");
            if (slowThreshold.isNegative()) {
                throw new IllegalArgumentException("slowThreshold must not be negative: " + slowThreshold);
            }
            this.slowThreshold = slowThreshold;
            return this;
        }

        /**
         * Sets whether the SQL is logged with its bind markers and no values ({@code age > $1}) rather than with the
         * values inlined as literals of the dialect ({@code age > 18}, see {@link Sql#inlined()}).
         *
         * @param parameterizedQueries true to keep values out of the log (the default); false to write them in
         * @return this builder
         */
        public Builder parameterizedQueries(boolean parameterizedQueries) {
            this.parameterizedQueries = parameterizedQueries;
            return this;
        }

        /**
         * Sets whether a statement that ended in {@link dev.r2orm.RecordNotFoundException} (a {@code first()},
         * {@code take()} or {@code last()} that found no row) is logged as a normal statement rather than as an
         * error, as GORM's {@code IgnoreRecordNotFoundError}.
         *
         * @param ignoreRecordNotFound true to not log it as an error; default true
         * @return this builder
         */
        public Builder ignoreRecordNotFound(boolean ignoreRecordNotFound) {
            this.ignoreRecordNotFound = ignoreRecordNotFound;
            return this;
        }

        /**
         * Builds the logger.
         *
         * @return an immutable, thread-safe logger writing to SLF4J category {@code dev.r2orm.sql}
         */
        public Logger build() {
            return build(LoggerFactory.getLogger(Slf4jLogger.CATEGORY));
        }

        Logger build(org.slf4j.Logger log) {
            return new Slf4jLogger(log, level, slowThreshold, parameterizedQueries, ignoreRecordNotFound);
        }
    }
}
