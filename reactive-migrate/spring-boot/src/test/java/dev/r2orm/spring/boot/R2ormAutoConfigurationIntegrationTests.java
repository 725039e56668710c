package dev.r2orm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.annotation.Table;
import dev.r2orm.logger.LogLevel;
import dev.r2orm.migrate.MigrationException;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The auto-configuration in a Spring Boot application context made by Boot's own R2DBC auto-configuration from
 * {@code spring.r2dbc.url}, on H2, PostgreSQL and MariaDB: the {@code Db} bean is on the application's pool, so
 * Spring's transaction manager bean includes r2orm's statements; the migrations of {@code r2orm.migrate.locations}
 * (hand-written DDL) ran before it was handed out, and a failing one fails the start-up; the properties reach the
 * configuration; the health indicator and the pool gauges report the pool.
 */
class R2ormAutoConfigurationIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("accounts")
    static class Account {
        public Long id;
        public String owner;
        public long balance;

        public Account() {
        }

        Account(long id, String owner, long balance) {
            this.id = id;
            this.owner = owner;
            this.balance = balance;
        }
    }

    /** A service with Spring's declarative transactions over r2orm. */
    static class Accounts {
        private final Db db;

        Accounts(Db db) {
            this.db = db;
        }

        @Transactional
        public Mono<Void> openTwo(long first, long second, boolean fail) {
            return db.create(new Account(first, "pair", 1)).then(db.create(new Account(second, "pair", 2)))
                    .then(fail ? Mono.error(new IllegalStateException("declined")) : Mono.empty());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Service {
        @Bean
        Accounts accounts(Db db) {
            return new Accounts(db);
        }
    }

    private static ApplicationContextRunner boot(TestUrl url) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
                        R2dbcTransactionManagerAutoConfiguration.class, R2ormAutoConfiguration.class,
                        R2ormActuatorAutoConfiguration.class))
                .withPropertyValues("spring.r2dbc.url=" + url.value(), "spring.r2dbc.pool.max-size=4", "spring.r2dbc.pool.initial-size=1",
                        "r2orm.migrate.locations=classpath:db/accounts");
    }

    private static List<String> owners(Db db) {
        return db.raw("SELECT owner FROM accounts ORDER BY owner").scan(String.class).collectList().block(TIMEOUT);
    }

    @DatabaseTest
    void theDbSharesTheApplicationsPoolAndSpringsTransactions(Db db, TestUrl url) {
        boot(url).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Db.class);
            Db bean = context.getBean(Db.class);
            assertThat(bean.connectionFactory()).isSameAs(context.getBean(ConnectionFactory.class));
            // the migrations ran at start-up, before the Db was handed out
            assertThat(context.getBean(R2ormMigrationInitializer.class).report().to()).isEqualTo(2L);
            TransactionalOperator spring = TransactionalOperator.create(
                    context.getBean(ReactiveTransactionManager.class));
            StepVerifier.create(spring.transactional(bean.create(new Account(1, "ann", 10))
                            .then(Mono.error(new IllegalStateException("rolled back")))))
                    .expectErrorMessage("rolled back").verify(TIMEOUT);
            StepVerifier.create(spring.transactional(bean.create(new Account(2, "bob", 20)))).expectNextCount(1)
                    .verifyComplete();
            assertThat(owners(db)).containsExactly("bob");
        });
        // the context closed its pool, not more: the test's own Db still works
        assertThat(owners(db)).containsExactly("bob");
    }

    @DatabaseTest
    void transactionalServiceMethodsIncludeR2ormsStatements(Db db, TestUrl url) {
        boot(url).withUserConfiguration(Service.class).run(context -> {
            Accounts accounts = context.getBean(Accounts.class);
            StepVerifier.create(accounts.openTwo(10, 11, true)).expectErrorMessage("declined").verify(TIMEOUT);
            StepVerifier.create(accounts.openTwo(12, 13, false)).verifyComplete();
        });
        assertThat(db.raw("SELECT id FROM accounts ORDER BY id").scan(Long.class).collectList().block(TIMEOUT))
                .containsExactly(12L, 13L);
    }

    @DatabaseTest
    void theStartUpFailsWithTheFailingMigration(Db db, TestDatabase target, TestUrl url) {
        boot(url).withPropertyValues("r2orm.migrate.locations=classpath:db/broken", "r2orm.migrate.table=app_versions")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof MigrationException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).isInstanceOf(MigrationException.class)
                            .hasMessageContaining("2_bad_reference.up.sql");
                });
        // PostgreSQL ran the failing file in one transaction with its version row: still at 1, clean; elsewhere the
        // version is 2 and dirty, as golang-migrate leaves it
        Long version = db.raw("SELECT version FROM app_versions").scan(Long.class).single().block(TIMEOUT);
        assertThat(version).isEqualTo(target == TestDatabase.POSTGRESQL ? 1L : 2L);
        assertThat(db.raw("SELECT COUNT(*) FROM ledger").scan(Long.class).single().block(TIMEOUT)).isZero();
    }

    @DatabaseTest
    void aMissingFolderOrDisabledMigrationsStartWithoutRunning(Db db, TestUrl url) {
        boot(url).withPropertyValues("r2orm.migrate.locations=classpath:db/none").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(R2ormMigrationInitializer.class).report()).isNull();
        });
        boot(url).withPropertyValues("r2orm.migrate.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(R2ormMigrationInitializer.class);
        });
        assertThat(db.migrator().tables().collectList().block(TIMEOUT)).doesNotContain("accounts");
    }

    @DatabaseTest
    void propertiesAndCustomizersMakeTheConfig(Db db, TestUrl url) {
        boot(url).withPropertyValues("r2orm.logger.level=info", "r2orm.naming.table-prefix=app_",
                        "r2orm.naming.singular-tables=true", "r2orm.fetch-size=50", "r2orm.create-batch-size=10",
                        "r2orm.statement-timeout=7s", "r2orm.migrate.enabled=false")
                .withBean(R2ormConfigCustomizer.class, () -> config -> config.maxPoolSize(3))
                .run(context -> {
                    Config config = context.getBean(Config.class);
                    assertThat(config.namingStrategy().tableName("Account")).isEqualTo("app_account");
                    assertThat(config.session().fetchSize()).isEqualTo(50);
                    assertThat(config.session().createBatchSize()).isEqualTo(10);
                    assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(config.maxPoolSize()).isEqualTo(3);
                });
    }

    @DatabaseTest
    void theApplicationsOwnBeansWin(Db db, TestUrl url) {
        Config own = Config.builder().statementTimeout(Duration.ofSeconds(3)).build();
        boot(url).withPropertyValues("r2orm.migrate.enabled=false").withBean(Config.class, () -> own)
                .run(context -> assertThat(context.getBean(Config.class)).isSameAs(own));
        boot(url).withPropertyValues("r2orm.migrate.enabled=false").withBean("mine", Db.class, () -> db,
                        definition -> definition.setDestroyMethodName(""))
                .run(context -> assertThat(context.getBean(Db.class)).isSameAs(db));
    }

    @DatabaseTest
    void theHealthIndicatorReportsThePool(Db db, TestUrl url) {
        boot(url).withPropertyValues("r2orm.migrate.enabled=false").run(context -> {
            R2ormHealthIndicator indicator = context.getBean("r2ormHealthIndicator", R2ormHealthIndicator.class);
            Health up = indicator.health().block(TIMEOUT);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("database", context.getBean(Db.class).dialect().name()).containsEntry("max", 4)
                    .containsKeys("acquired", "idle", "pending");
            ((ConnectionPool) context.getBean(ConnectionFactory.class)).dispose();
            Health down = indicator.health().block(TIMEOUT);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsKey("error");
        });
    }

    @DatabaseTest
    void poolGaugesComeFromBootForItsPoolAndFromR2ormForItsOwn(Db db, TestUrl url) {
        ApplicationContextRunner metrics = boot(url).withPropertyValues("r2orm.migrate.enabled=false")
                .withConfiguration(AutoConfigurations.of(ConnectionPoolMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class);
        metrics.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(R2ormPoolMetrics.class).bindTo(registry);
            assertThat(registry.find("r2dbc.pool.max.allocated").tag("name", "connectionFactory").gauge().value())
                    .isEqualTo(4.0);
            assertThat(registry.find("r2dbc.pool.acquired").tag("name", "r2orm").gauge()).isNull();
        });
        metrics.withPropertyValues("spring.r2dbc.pool.enabled=false",
                        "spring.r2dbc.url=" + url.value().replace("r2dbc:pool:", "r2dbc:"))
                .withBean(R2ormConfigCustomizer.class, () -> config -> config.maxPoolSize(3))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(R2ormPoolMetrics.class).bindTo(registry);
                    assertThat(registry.find("r2dbc.pool.max.allocated").tag("name", "r2orm").gauge().value())
                            .isEqualTo(3.0);
                    assertThat(context.getBean(Db.class).raw("SELECT 1").scan(Integer.class).single()
                            .block(TIMEOUT)).isEqualTo(1);
                    assertThat(registry.find("r2dbc.pool.idle").tag("name", "r2orm").gauge().value())
                            .isEqualTo(1.0);
                });
    }

    @DatabaseTest
    void operationsAreObservedWhenTheApplicationHasAnObservationRegistry(Db db, TestUrl url) {
        io.micrometer.observation.tck.TestObservationRegistry observations =
                io.micrometer.observation.tck.TestObservationRegistry.create();
        ApplicationContextRunner observed = boot(url).withPropertyValues("r2orm.migrate.enabled=false")
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations);
        observed.run(context -> {
            Db bean = context.getBean(Db.class);
            assertThat(bean.plugins()).containsOnlyKeys("observation");
            assertThat(bean.raw("SELECT 1").scan(Integer.class).single().block(TIMEOUT)).isEqualTo(1);
            io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("db.client.operation").that()
                    .hasLowCardinalityKeyValue("db.operation.name", "raw")
                    .hasHighCardinalityKeyValue("db.query.text", "SELECT 1");
        });
        observed.withPropertyValues("r2orm.observations.enabled=false")
                .run(context -> assertThat(context.getBean(Db.class).plugins()).isEmpty());
        boot(url).withPropertyValues("r2orm.migrate.enabled=false")
                .run(context -> assertThat(context.getBean(Db.class).plugins()).as("no registry, no plugin").isEmpty());
    }
}
