package dev.r2orm;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.internal.ConnectionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * How {@link Db} turns a URL and a {@link Config} into connection options and a pool: the H2 defaults r2orm needs,
 * the connect timeout and keep-alive of the network drivers, and a pool whose every wait is bounded; and how it closes
 * a pool it made, once the connections still in use have come back.
 */
final class PoolSetup {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");

    private PoolSetup() {
    }

    /**
     * The connection options of a URL with r2orm's defaults added (see {@link #h2Defaults} and
     * {@link #networkDefaults}).
     *
     * @param url an R2DBC URL
     * @param config the configuration
     * @return the options
     */
    static ConnectionFactoryOptions options(String url, Config config) {
        return networkDefaults(ConnectionFactoryOptions.parse(h2Defaults(url)), config);
    }

    /**
     * A pool on a plain factory with the limits of {@code config}.
     *
     * @param factory the factory
     * @param config the configuration
     * @param dialect the dialect, which knows how to close a connection of its driver at once
     * @return the pool, not yet holding a connection
     */
    static ConnectionPool pool(ConnectionFactory factory, Config config, Dialect dialect) {
        // one attempt per borrow here: r2orm retries dead and hung connections itself, within the acquire timeout
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(0)
                .maxSize(config.maxPoolSize())
                .maxAcquireTime(config.acquireTimeout())
                .maxCreateConnectionTime(config.connectTimeout())
                .maxValidationTime(config.validationTimeout())
                .maxLifeTime(config.maxLifeTime())
                .maxIdleTime(config.maxIdleTime())
                .acquireRetry(0)
                .validationDepth(ValidationDepth.REMOTE)
                .preRelease(c -> endLeftoverTransaction(c, config.validationTimeout()))
                // closing a connection found dead must not hold the borrow that found it: on a silent network
                // the driver's close can wait for an answer that never comes
                .customizer(builder -> builder.destroyHandler(c -> Mono.fromRunnable(() -> destroy(c, dialect,
                        config.validationTimeout()))))
                .build());
    }

    /**
     * Closes a connection the pool gives up, in the background: politely first, and at once if the server does not
     * answer within {@code wait} (a driver may queue its goodbye behind a statement that will never end).
     */
    private static void destroy(Connection c, Dialect dialect, Duration wait) {
        Mono.from(c.close()).timeout(wait)
                .onErrorResume(e -> dialect.forceClose(c))
                .subscribe(null, e -> LOG.debug("closing a connection the pool destroys failed", e));
    }

    /**
     * A transaction opened with SQL rather than {@code beginTransaction()} is not rolled back by the pool: end it
     * before the connection reaches the next borrower. This never fails (a failed release makes the pool lose track of
     * its connections): a connection that cannot be cleaned within the wait is closed in the background instead, and
     * the pool's validation drops it.
     */
    private static Mono<Void> endLeftoverTransaction(Connection c, Duration wait) {
        if (c.isAutoCommit()) {
            return Mono.empty();
        }
        return Mono.from(c.rollbackTransaction()).then(Mono.from(c.setAutoCommit(true)))
                .timeout(wait)
                .onErrorResume(e -> {
                    ConnectionSource.closeInBackground(c, "a connection whose transaction could not be ended");
                    return Mono.empty();
                });
    }

    /**
     * H2 folds unquoted identifiers to upper case, while r2orm creates lower-case quoted names: open H2 with
     * {@code DATABASE_TO_LOWER=TRUE} (as PostgreSQL folds), and keep an in-memory database alive while the JVM runs.
     */
    static String h2Defaults(String url) {
        if (!url.startsWith("r2dbc:h2:")) {
            return url;
        }
        StringBuilder extra = new StringBuilder();
        if (url.startsWith("r2dbc:h2:mem:") && !url.contains("DB_CLOSE_DELAY")) {
            extra.append("DB_CLOSE_DELAY=-1;");
        }
        if (!url.contains("DATABASE_TO_LOWER") && !url.contains("DATABASE_TO_UPPER")) {
            extra.append("DATABASE_TO_LOWER=TRUE;");
        }
        if (extra.length() == 0) {
            return url;
        }
        int options = url.indexOf("options=");
        if (options >= 0) {
            int at = options + "options=".length();
            return url.substring(0, at) + extra + url.substring(at);
        }
        extra.setLength(extra.length() - 1);
        return url + (url.contains("?") ? "&" : "?") + "options=" + extra;
    }

    /**
     * The connect timeout and TCP keep-alive of {@code config}, for the network drivers r2orm knows (PostgreSQL,
     * MySQL, MariaDB), unless the URL sets them.
     */
    static ConnectionFactoryOptions networkDefaults(ConnectionFactoryOptions options, Config config) {
        Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
        Object protocol = options.hasOption(ConnectionFactoryOptions.PROTOCOL)
                ? options.getValue(ConnectionFactoryOptions.PROTOCOL) : null;
        String kind = "pool".equals(driver) && protocol != null ? protocol.toString() : String.valueOf(driver);
        if (!Set.of("postgresql", "postgres", "mysql", "mariadb").contains(kind)) {
            return options;
        }
        ConnectionFactoryOptions.Builder b = options.mutate();
        if (!options.hasOption(ConnectionFactoryOptions.CONNECT_TIMEOUT)) {
            b.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, config.connectTimeout());
        }
        if (config.tcpKeepAlive() && !options.hasOption(TCP_KEEP_ALIVE)) {
            b.option(TCP_KEEP_ALIVE, true);
        }
        return b.build();
    }

    /** The keep-alive option of the PostgreSQL and MySQL drivers. */
    private static final io.r2dbc.spi.Option<Boolean> TCP_KEEP_ALIVE = io.r2dbc.spi.Option.valueOf("tcpKeepAlive");

    /**
     * Closes a pool r2orm made, when subscribed: waits (up to the acquire timeout) for connections still in use, which
     * come back asynchronously after a cancel, then closes every connection.
     *
     * @param pool the pool
     * @param config the configuration, for the acquire timeout and the logger
     * @return completes when the pool is closed
     */
    static Mono<Void> closeLater(ConnectionPool pool, Config config) {
        return reactor.core.publisher.Flux.interval(Duration.ZERO, Duration.ofMillis(10))
                .filter(tick -> quiescent(pool))
                .next()
                .timeout(config.acquireTimeout(), Mono.just(0L))
                .then(pool.disposeLater())
                .onErrorResume(IllegalArgumentException.class, e -> {
                    closeFailed(config, e);
                    return Mono.empty();
                });
    }

    /**
     * Closes a pool r2orm made as {@link #closeLater} does, blocking the calling thread (for {@link Db#close()}).
     *
     * @param pool the pool
     * @param config the configuration, for the acquire timeout and the logger
     */
    static void close(ConnectionPool pool, Config config) {
        long deadline = System.nanoTime() + config.acquireTimeout().toNanos();
        while (!quiescent(pool) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            pool.dispose();
        } catch (IllegalArgumentException e) {
            closeFailed(config, e);
        }
    }

    /**
     * reactor-pool can find its permit count off while it destroys the idle connections at close ("Too many permits
     * returned"), seen now and then at shutdown; the connections are closed all the same, so it is reported, not
     * thrown.
     */
    private static void closeFailed(Config config, IllegalArgumentException e) {
        config.logger().warning("closing the connection pool: " + e.getMessage(), reactor.util.context.Context.empty());
    }

    /** Nothing acquired, nobody waiting, and every open connection back among the idle ones (none mid-release). */
    private static boolean quiescent(ConnectionPool pool) {
        return pool.getMetrics().map(m -> m.acquiredSize() == 0 && m.pendingAcquireSize() == 0
                && m.idleSize() == m.allocatedSize()).orElse(true);
    }
}
