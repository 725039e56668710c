package dev.r2orm;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.logger.Logger;
import dev.r2orm.schema.NamingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Db} is set up: naming, logging, dialect, session defaults, connection pool limits and network
 * timeouts. Immutable; built with {@link #builder()}. Every wait on the network is finite, so an exhausted pool, a
 * dead server or a silent network becomes a typed error within a known time, never a hang.
 *
 * <table>
 *   <caption>Pool and network defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>when it runs out</th></tr>
 *   <tr><td>{@code maxPoolSize}</td><td>10 connections (none opened before first use)</td><td></td></tr>
 *   <tr><td>{@code acquireTimeout}</td><td>10 s: the whole wait for a usable connection, including opening one,
 *       validating it and replacing dead ones</td><td>{@link ConnectionUnavailableException} (retryable)</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>5 s to open a connection (at most the acquire timeout)</td>
 *       <td>the next attempt, within the acquire timeout</td></tr>
 *   <tr><td>{@code validationTimeout}</td><td>3 s for the round trip that checks a connection before it is handed
 *       out (at most half the acquire timeout)</td><td>the connection is closed and another tried</td></tr>
 *   <tr><td>{@code statementTimeout}</td><td>60 s without an answer while the database owes one (per session:
 *       {@link Session.Builder#statementTimeout}; per query: {@link Query#timeout})</td>
 *       <td>{@link StatementTimeoutException}; the connection is closed</td></tr>
 *   <tr><td>{@code tcpKeepAlive}</td><td>on (PostgreSQL, MySQL, MariaDB URLs): the operating system probes idle
 *       connections</td><td>the connection is closed by the driver</td></tr>
 *   <tr><td>{@code maxLifeTime}</td><td>30 min, then the connection is replaced</td><td></td></tr>
 *   <tr><td>{@code maxIdleTime}</td><td>10 min idle, then the connection is closed</td><td></td></tr>
 * </table>
 *
 * <p>{@code connectTimeout} and {@code tcpKeepAlive} reach the driver when r2orm opens the database from a URL
 * ({@link Db#open(String, Config)}); a connection factory the caller built keeps its own settings, bounded all the
 * same by the acquire and statement timeouts.
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
    private final Duration connectTimeout;
    private final Duration validationTimeout;
    private final Duration statementTimeout;
    private final boolean tcpKeepAlive;
    private final boolean foreignKeys;
    private final List<Plugin> plugins;
    private final boolean development;

    private Config(Builder b) {
        this.namingStrategy = b.namingStrategy;
        this.logger = b.logger;
        this.dialect = b.dialect;
        this.session = b.session;
        this.maxPoolSize = b.maxPoolSize;
        this.acquireTimeout = b.acquireTimeout;
        this.maxLifeTime = b.maxLifeTime;
        this.maxIdleTime = b.maxIdleTime;
        this.connectTimeout = min(b.connectTimeout, b.acquireTimeout);
        this.validationTimeout = min(b.validationTimeout, b.acquireTimeout.dividedBy(2));
        this.statementTimeout = b.statementTimeout;
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.foreignKeys = b.foreignKeys;
        this.plugins = List.copyOf(b.plugins);
        this.development = b.development;
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

    /**
     * A builder holding this configuration's settings and plugins, to derive another from it.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.namingStrategy = namingStrategy;
        b.logger = logger;
        b.dialect = dialect;
        b.session = session;
        b.maxPoolSize = maxPoolSize;
        b.acquireTimeout = acquireTimeout;
        b.maxLifeTime = maxLifeTime;
        b.maxIdleTime = maxIdleTime;
        b.connectTimeout = connectTimeout;
        b.validationTimeout = validationTimeout;
        b.statementTimeout = statementTimeout;
        b.tcpKeepAlive = tcpKeepAlive;
        b.foreignKeys = foreignKeys;
        b.plugins.addAll(plugins);
        b.development = development;
        return b;
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

    /** @return how long an operation waits for a usable connection in all, retries included */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** @return how long opening one connection may take; never more than the acquire timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long the check of a connection before it is handed out may take; at most half the acquire timeout */
    public Duration validationTimeout() {
        return validationTimeout;
    }

    /** @return the default statement timeout (see {@link StatementTimeoutException}) */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** @return whether connections opened from a URL ask the operating system for TCP keep-alive probes */
    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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

    /**
     * Whether development checks are on: {@link Db#open} then installs an {@link NPlusOneDetector} (unless a plugin of
     * its name is listed).
     *
     * @return false by default
     */
    public boolean development() {
        return development;
    }

    /**
     * The plugins {@link Db#open} installs, in order ({@link Db#use(Plugin)}).
     *
     * @return the plugins; none by default
     */
    public List<Plugin> plugins() {
        return plugins;
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
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration validationTimeout = Duration.ofSeconds(3);
        private Duration statementTimeout = Duration.ofSeconds(60);
        private boolean tcpKeepAlive = true;
        private boolean foreignKeys = true;
        private final List<Plugin> plugins = new ArrayList<>();
        private boolean development;

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
         * Sets how long an operation waits for a usable connection before it fails with
         * {@link ConnectionUnavailableException}: the whole wait, including opening a connection, validating it, and
         * replacing connections found dead or refused while the server restarts (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = positive(timeout, "acquireTimeout");
            return this;
        }

        /**
         * Sets how long opening one connection may take (default 5 s; capped at the acquire timeout). Passed to the
         * driver as {@code connectTimeout} when the database is opened from a URL, and bounds every attempt the pool
         * makes.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the round trip that checks a pooled connection before it is handed out may take (default
         * 3 s; capped at half the acquire timeout). A connection that fails or exceeds it is closed, never handed out
         * or pooled again, and another is tried.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder validationTimeout(Duration timeout) {
            this.validationTimeout = positive(timeout, "validationTimeout");
            return this;
        }

        /**
         * Sets the default statement timeout (60 s): how long r2orm waits for the database's answer to a statement,
         * and for each further row while its subscriber has asked for rows. When it runs out the operation fails with
         * {@link StatementTimeoutException} and the connection is closed. Sessions and queries may set their own.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = positive(timeout, "statementTimeout");
            return this;
        }

        /**
         * Sets whether connections opened from a PostgreSQL, MySQL or MariaDB URL enable TCP keep-alive (default
         * {@code true}), so that the operating system notices a peer that vanished while a connection sat idle.
         *
         * @param keepAlive {@code false} to leave it off
         * @return this builder
         */
        public Builder tcpKeepAlive(boolean keepAlive) {
            this.tcpKeepAlive = keepAlive;
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

        /**
         * Adds a plugin that {@link Db#open} installs on the database, after the ones added before
         * ({@link Db#use(Plugin)}). A plugin listed in a configuration used for several databases is installed on
         * each.
         *
         * @param plugin the plugin
         * @return this builder
         */
        public Builder plugin(Plugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin must not be null"));
            return this;
        }

        /**
         * Turns development checks on or off (off by default): the {@link NPlusOneDetector}, with its default
         * threshold, warns about N+1 queries. It walks the stack of every call: not for production.
         *
         * @param on whether they are on
         * @return this builder
         */
        public Builder development(boolean on) {
            this.development = on;
            return this;
        }

        /**
         * Removes the plugins added so far.
         *
         * @return this builder
         */
        public Builder clearPlugins() {
            plugins.clear();
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
