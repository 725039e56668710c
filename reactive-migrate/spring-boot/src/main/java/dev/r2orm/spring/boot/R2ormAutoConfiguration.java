package dev.r2orm.spring.boot;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Session;
import dev.r2orm.logger.Logger;
import dev.r2orm.plugins.observation.ObservationPlugin;
import dev.r2orm.schema.NamingStrategy;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link Db} bean on the application's only {@link ConnectionFactory} bean, the one Spring Boot's R2DBC
 * auto-configuration makes from {@code spring.r2dbc.*} and its transaction manager uses: r2orm and Spring's reactive
 * transactions then share connections with no configuration ({@code @Transactional} services include r2orm's
 * statements). The {@link Config} comes from the {@code r2orm.*} properties and {@link R2ormConfigCustomizer} beans.
 * Pending versioned migrations ({@code r2orm.migrate.*}) run before the {@code Db} is handed out. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration"})
@ConditionalOnClass(Db.class)
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@EnableConfigurationProperties(R2ormProperties.class)
public class R2ormAutoConfiguration {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(R2ormAutoConfiguration.class);

    /** Created by Spring. */
    public R2ormAutoConfiguration() {
    }

    /**
     * The configuration from the properties, then the customizers.
     *
     * @param properties the {@code r2orm.*} properties
     * @param customizers the customizer beans, applied in order
     * @return the configuration
     */
    @Bean
    @ConditionalOnMissingBean
    public Config r2ormConfig(R2ormProperties properties, ObjectProvider<R2ormConfigCustomizer> customizers) {
        R2ormProperties.Logger log = properties.getLogger();
        Config.Builder config = Config.builder()
                .logger(Logger.builder().level(log.getLevel()).slowThreshold(log.getSlowThreshold())
                        .parameterizedQueries(log.isParameterizedQueries())
                        .ignoreRecordNotFound(log.isIgnoreRecordNotFound()).build())
                .namingStrategy(NamingStrategy.defaults().withTablePrefix(properties.getNaming().getTablePrefix())
                        .withSingularTables(properties.getNaming().isSingularTables()))
                .statementTimeout(properties.getStatementTimeout())
                .session(Session.builder().createBatchSize(properties.getCreateBatchSize())
                        .fetchSize(properties.getFetchSize())
                        .skipDefaultTransaction(properties.isSkipDefaultTransaction()).build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(config));
        return config.build();
    }

    /**
     * The database on the application's connection factory; when that is not a pool
     * ({@code spring.r2dbc.pool.enabled=false}), r2orm pools it itself, and Spring's transactions, which use the
     * factory, then do not include r2orm's statements (a warning says so). Closing the context closes only a pool
     * r2orm made.
     *
     * @param factory the application's connection factory
     * @param config the configuration
     * @param migrations the start-up migrations, run first when enabled
     * @return the database
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Db db(ConnectionFactory factory, Config config, ObjectProvider<R2ormMigrationInitializer> migrations) {
        migrations.getIfAvailable(); // made first: pending migrations run before the Db is handed out
        if (!(factory instanceof ConnectionPool)) {
            LOG.warn("the ConnectionFactory bean is not a pool (spring.r2dbc.pool.enabled=false): r2orm pools it"
                    + " itself, so Spring's transactions over the bean do not include r2orm's statements");
        }
        return Db.open(factory, config);
    }

    /**
     * One Micrometer observation per r2orm operation ({@link ObservationPlugin}) when the application has an
     * {@code ObservationRegistry} bean, unless {@code r2orm.observations.enabled=false}: with Spring Boot's metrics, a
     * {@code db.client.operation} timer; with tracing, a span per operation under the request's.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnProperty(prefix = "r2orm.observations", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class ObservationsConfiguration {

        @Bean
        R2ormConfigCustomizer r2ormObservations(ObjectProvider<ObservationRegistry> registry) {
            return config -> registry.ifAvailable(r -> config.plugin(ObservationPlugin.of(r)));
        }
    }

    /** The versioned migrations run at start-up, unless {@code r2orm.migrate.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "r2orm.migrate", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class MigrationsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        R2ormMigrationInitializer r2ormMigrationInitializer(ConnectionFactory factory, Config config,
                R2ormProperties properties) {
            return new R2ormMigrationInitializer(factory, config, properties.getMigrate());
        }
    }
}
