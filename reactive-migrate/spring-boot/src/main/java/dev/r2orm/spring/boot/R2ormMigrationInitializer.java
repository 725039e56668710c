package dev.r2orm.spring.boot;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.migrate.MigrationDirectory;
import dev.r2orm.migrate.MigrationReport;
import dev.r2orm.migrate.Migrations;
import io.r2dbc.spi.ConnectionFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.ClassUtils;

/**
 * Runs the pending versioned migrations of {@code r2orm.migrate.locations} (golang-migrate's files) when the
 * application context starts, over R2DBC (no JDBC driver), before the auto-configured {@code Db} is handed out and
 * before the web server takes requests. A migration that fails, a lock that another instance holds past
 * {@code r2orm.migrate.lock-timeout}, or a run longer than {@code r2orm.migrate.timeout} fails the start-up with the
 * migration's error; a folder that does not exist is skipped with a log line.
 *
 * <p>Spring starts its context synchronously, so start-up waits here for the run, within those bounds.
 */
public final class R2ormMigrationInitializer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(R2ormMigrationInitializer.class);

    private final ConnectionFactory factory;
    private final Config config;
    private final R2ormProperties.Migrate settings;
    private final AtomicReference<@Nullable MigrationReport> report = new AtomicReference<>();

    /**
     * Creates the initializer.
     *
     * @param factory the application's connection factory
     * @param config the configuration of the {@code Db} the migrations run through
     * @param settings the {@code r2orm.migrate.*} properties
     */
    public R2ormMigrationInitializer(ConnectionFactory factory, Config config, R2ormProperties.Migrate settings) {
        this.factory = factory;
        this.config = config;
        this.settings = settings;
    }

    /**
     * Runs the pending migrations.
     *
     * @throws dev.r2orm.migrate.MigrationException when a migration fails or the lock is not had in time
     * @throws IllegalStateException when the run takes longer than {@code r2orm.migrate.timeout}
     */
    @Override
    public void afterPropertiesSet() {
        String location = settings.getLocations();
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        if (!MigrationDirectory.exists(location, loader != null ? loader : getClass().getClassLoader())) {
            LOG.info("r2orm migrations: {} does not exist, nothing to run", location);
            return;
        }
        Migrations migrations = Migrations.from(location).table(settings.getTable())
                .lockTimeout(settings.getLockTimeout()).statementTimeout(settings.getStatementTimeout())
                .outOfOrder(settings.isOutOfOrder());
        Db db = Db.open(factory, config);
        try {
            MigrationReport done = migrations.on(db).up().block(settings.getTimeout());
            report.set(done);
            if (done != null) {
                LOG.info("r2orm migrations from {}: {}", location, done);
            }
        } finally {
            db.close();
        }
    }

    /** @return what the start-up run did, or null when it did not run (no folder) */
    public @Nullable MigrationReport report() {
        return report.get();
    }
}
