package dev.r2orm;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.logger.Logger;
import dev.r2orm.schema.NamingStrategy;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Db} is set up: naming, logging, dialect, session defaults and connection pool limits. Immutable;
 * built with {@link #builder()}. Every pool limit is finite, so an exhausted pool or a dead server becomes an error,
 * never a hang.
 *
 * <table>
 *   <caption>Pool defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@code maxPoolSize}</td><td>10 connections (none opened before first use)</td></tr>
 *   <tr><td>{@code acquireTimeout}</td><td>10 s to get a connection, then {@link R2ormException}</td></tr>
 *   <tr><td>{@code maxLifeTime}</td><td>30 min, then the connection is replaced</td></tr>
 *   <tr><td>{@code maxIdleTime}</td><td>10 min idle, then the connection is closed</td></tr>
 *   <tr><td>validation</td><td>a round trip to the server before a connection is handed out</td></tr>
 * </table>
 */
public final class Config {

    private final NamingStrategy namingStrategy;
    private final Logger logger;
    private final @Nullable Dialect dialect;
    private final Session session;
    private final int maxPoolSize;
    private final Duration acquireTimeout;
    private final Duration maxLifeTime;
    private final Duration maxIdleTime;
    private final boolean foreignKeys;

    private Config(Builder b) {
        this.namingStrategy = b.namingStrategy;
        this.logger = b.logger;
        this.dialect = b.dialect;
        this.session = b.session;
        this.maxPoolSize = b.maxPoolSize;
        this.acquireTimeout = b.acquireTimeout;
        this.maxLifeTime = b.maxLifeTime;
        this.maxIdleTime = b.maxIdleTime;
        this.foreignKeys = b.foreignKeys;
    }

    /**
     * The default configuration.
     *
     * @return defaults: GORM naming, SLF4J logging (slow above 200 ms), dialect from the driver, pool as above
     */
    public static Config defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the naming strategy */
    public NamingStrategy namingStrategy() {
        return namingStrategy;
    }

    /** @return the SQL logger */
    public Logger logger() {
        return logger;
    }

    /** @return the explicit dialect, or null to find it from the connection factory */
    public @Nullable Dialect dialect() {
        return dialect;
    }

    /** @return the default session options */
    public Session session() {
        return session;
    }

    /** @return the most connections the pool opens */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** @return how long an operation waits for a connection */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** @return how long a connection lives before it is replaced */
    public Duration maxLifeTime() {
        return maxLifeTime;
    }

    /** @return how long an idle connection is kept */
    public Duration maxIdleTime() {
        return maxIdleTime;
    }

    /** @return whether the migrator creates foreign key constraints for associations */
    public boolean foreignKeys() {
        return foreignKeys;
    }

    /** Builds a {@link Config}; every setter validates its argument. */
    public static final class Builder {

        private NamingStrategy namingStrategy = NamingStrategy.defaults();
        private Logger logger = Logger.slf4j(Duration.ofMillis(200));
        private @Nullable Dialect dialect;
        private Session session = Session.DEFAULT;
        private int maxPoolSize = 10;
        private Duration acquireTimeout = Duration.ofSeconds(10);
        private Duration maxLifeTime = Duration.ofMinutes(30);
        private Duration maxIdleTime = Duration.ofMinutes(10);
        private boolean foreignKeys = true;

        private Builder() {
        }

        /**
         * Sets how class and field names become table and column names.
         *
         * @param naming the strategy
         * @return this builder
         */
        public Builder namingStrategy(NamingStrategy naming) {
            this.namingStrategy = Objects.requireNonNull(naming, "namingStrategy must not be null");
            return this;
        }

        /**
         * Sets the SQL logger.
         *
         * @param logger the logger; {@link Logger#silent()} for none
         * @return this builder
         */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger must not be null");
            return this;
        }

        /**
         * Sets the dialect instead of finding it from the connection factory's metadata.
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /**
         * Sets the default session options.
         *
         * @param session the options
         * @return this builder
         */
        public Builder session(Session session) {
            this.session = Objects.requireNonNull(session, "session must not be null");
            return this;
        }

        /**
         * Sets the most connections the pool opens.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder maxPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + size);
            }
            this.maxPoolSize = size;
            return this;
        }

        /**
         * Sets how long an operation waits for a free connection before it fails.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = positive(timeout, "acquireTimeout");
            return this;
        }

        /**
         * Sets how long a connection lives before the pool replaces it.
         *
         * @param lifeTime a positive duration
         * @return this builder
         */
        public Builder maxLifeTime(Duration lifeTime) {
            this.maxLifeTime = positive(lifeTime, "maxLifeTime");
            return this;
        }

        /**
         * Sets how long an idle connection is kept open.
         *
         * @param idleTime a positive duration
         * @return this builder
         */
        public Builder maxIdleTime(Duration idleTime) {
            this.maxIdleTime = positive(idleTime, "maxIdleTime");
            return this;
        }

        /**
         * Whether {@code autoMigrate} creates foreign key constraints for associations (default {@code true}, as
         * GORM; GORM's {@code DisableForeignKeyConstraintWhenMigrating} is {@code false} here).
         *
         * @param create {@code false} to leave them out
         * @return this builder
         */
        public Builder foreignKeys(boolean create) {
            this.foreignKeys = create;
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /** @return the configuration */
        public Config build() {
            return new Config(this);
        }
    }
}
