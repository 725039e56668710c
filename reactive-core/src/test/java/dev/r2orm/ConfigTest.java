package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.r2orm.logger.Logger;
import dev.r2orm.schema.NamingStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void defaults() {
        Config c = Config.defaults();

        assertThat(c.maxPoolSize()).isEqualTo(10);
        assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxLifeTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.maxIdleTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.session()).isEqualTo(Session.DEFAULT);
        assertThat(c.dialect()).isNull();
        assertThat(c.namingStrategy()).isSameAs(NamingStrategy.defaults());
        assertThat(c.logger()).isNotNull();
    }

    @Test
    void builderSettersAreKept() {
        Logger logger = Logger.silent();
        TestDialect dialect = new TestDialect();
        NamingStrategy naming = NamingStrategy.defaults().withTablePrefix("app_");
        Session session = Session.builder().dryRun(true).build();

        Config c = Config.builder()
                .logger(logger)
                .dialect(dialect)
                .namingStrategy(naming)
                .session(session)
                .maxPoolSize(3)
                .acquireTimeout(Duration.ofMillis(500))
                .maxLifeTime(Duration.ofMinutes(5))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();

        assertThat(c.logger()).isSameAs(logger);
        assertThat(c.dialect()).isSameAs(dialect);
        assertThat(c.namingStrategy()).isSameAs(naming);
        assertThat(c.session()).isEqualTo(session);
        assertThat(c.maxPoolSize()).isEqualTo(3);
        assertThat(c.acquireTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxLifeTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.maxIdleTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyNetworkWaitIsFiniteByDefault() {
        Config c = Config.defaults();
        assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.tcpKeepAlive()).isTrue();
        assertThat(Session.DEFAULT.statementTimeout()).isNull();
    }

    @Test
    void connectAndValidationTimeoutsStayWithinTheAcquireTimeout() {
        Config c = Config.builder().acquireTimeout(Duration.ofSeconds(2)).build();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
        Config set = Config.builder().connectTimeout(Duration.ofMillis(700)).validationTimeout(Duration.ofMillis(400))
                .statementTimeout(Duration.ofMinutes(5)).tcpKeepAlive(false).build();
        assertThat(set.connectTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(set.validationTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(set.statementTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.tcpKeepAlive()).isFalse();
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> Config.builder().statementTimeout(Duration.ZERO))
                .withMessage("statementTimeout must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> Config.builder().connectTimeout(Duration.ofSeconds(-1)))
                .withMessage("connectTimeout must be positive, was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> Config.builder().validationTimeout(Duration.ZERO))
                .withMessage("validationTimeout must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> Session.builder().statementTimeout(Duration.ZERO))
                .withMessage("statementTimeout must be positive, was PT0S");
        assertThat(Session.builder().statementTimeout(Duration.ofSeconds(2)).build().statementTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(Session.DEFAULT.withStatementTimeout(Duration.ofSeconds(3)).withoutHooks().statementTimeout())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void urlsOfNetworkDriversGetTheConnectTimeoutAndKeepAliveUnlessTheySetThem() {
        Config c = Config.builder().connectTimeout(Duration.ofSeconds(4)).build();
        io.r2dbc.spi.ConnectionFactoryOptions pg = PoolSetup.networkDefaults(
                io.r2dbc.spi.ConnectionFactoryOptions.parse("r2dbc:postgresql://u@localhost:5432/app"), c);
        assertThat(pg.getValue(io.r2dbc.spi.ConnectionFactoryOptions.CONNECT_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(pg.getValue(io.r2dbc.spi.Option.valueOf("tcpKeepAlive"))).isEqualTo(true);
        io.r2dbc.spi.ConnectionFactoryOptions own = PoolSetup.networkDefaults(io.r2dbc.spi.ConnectionFactoryOptions.parse(
                "r2dbc:pool:mysql://u@localhost:3306/app?connectTimeout=PT9S&tcpKeepAlive=false"), c);
        assertThat(own.getValue(io.r2dbc.spi.ConnectionFactoryOptions.CONNECT_TIMEOUT)).isEqualTo("PT9S");
        assertThat(own.getValue(io.r2dbc.spi.Option.valueOf("tcpKeepAlive"))).isEqualTo("false");
        io.r2dbc.spi.ConnectionFactoryOptions h2 = PoolSetup.networkDefaults(
                io.r2dbc.spi.ConnectionFactoryOptions.parse("r2dbc:h2:mem:///x"), c);
        assertThat(h2.hasOption(io.r2dbc.spi.ConnectionFactoryOptions.CONNECT_TIMEOUT)).isFalse();
        io.r2dbc.spi.ConnectionFactoryOptions off = PoolSetup.networkDefaults(
                io.r2dbc.spi.ConnectionFactoryOptions.parse("r2dbc:mariadb://u@localhost:3306/app"),
                Config.builder().tcpKeepAlive(false).build());
        assertThat(off.hasOption(io.r2dbc.spi.Option.valueOf("tcpKeepAlive"))).isFalse();
    }

    @Test
    void maxPoolSizeBelowOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Config.builder().maxPoolSize(0))
                .withMessage("maxPoolSize must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Config.builder().maxPoolSize(-5))
                .withMessage("maxPoolSize must be at least 1, was -5");
        assertThat(Config.builder().maxPoolSize(1).build().maxPoolSize()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "acquireTimeout, PT0S",
        "acquireTimeout, PT-1S",
        "maxLifeTime, PT0S",
        "maxLifeTime, PT-0.001S",
        "maxIdleTime, PT0S",
        "maxIdleTime, PT-10M",
    })
    void zeroOrNegativeDurationsAreRejected(String setting, String value) {
        Duration d = Duration.parse(value);

        assertThatIllegalArgumentException().isThrownBy(() -> setDuration(setting, d))
                .withMessage(setting + " must be positive, was " + d);
    }

    @ParameterizedTest
    @CsvSource({"acquireTimeout", "maxLifeTime", "maxIdleTime"})
    void nullDurationsAreRejectedWithTheirName(String setting) {
        assertThatNullPointerException().isThrownBy(() -> setDuration(setting, null))
                .withMessage(setting + " must not be null");
    }

    private static void setDuration(String setting, Duration d) {
        Config.Builder b = Config.builder();
        switch (setting) {
            case "acquireTimeout" -> b.acquireTimeout(d);
            case "maxLifeTime" -> b.maxLifeTime(d);
            case "maxIdleTime" -> b.maxIdleTime(d);
            default -> throw new AssertionError(setting);
        }
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        assertThatNullPointerException().isThrownBy(() -> Config.builder().logger(null))
                .withMessage("logger must not be null");
        assertThatNullPointerException().isThrownBy(() -> Config.builder().dialect(null))
                .withMessage("dialect must not be null");
        assertThatNullPointerException().isThrownBy(() -> Config.builder().namingStrategy(null))
                .withMessage("namingStrategy must not be null");
        assertThatNullPointerException().isThrownBy(() -> Config.builder().session(null))
                .withMessage("session must not be null");
    }

    @Test
    void rejectedValueLeavesTheBuilderUnchanged() {
        Config.Builder b = Config.builder().maxPoolSize(4);

        assertThatIllegalArgumentException().isThrownBy(() -> b.maxPoolSize(0));

        assertThat(b.build().maxPoolSize()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "r2dbc:h2:mem:///x | r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
        "r2dbc:h2:mem:///x?options=MODE=PostgreSQL"
            + " | r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;MODE=PostgreSQL",
        "r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=10 | r2dbc:h2:mem:///x?options=DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=10",
        "r2dbc:h2:mem:///x?options=DATABASE_TO_UPPER=FALSE"
            + " | r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=FALSE",
        "r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE"
            + " | r2dbc:h2:mem:///x?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
        "r2dbc:h2:mem:///x?user=sa | r2dbc:h2:mem:///x?user=sa&options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
        "r2dbc:h2:file:///./data/app | r2dbc:h2:file:///./data/app?options=DATABASE_TO_LOWER=TRUE",
        "r2dbc:postgresql://u@localhost:5432/app | r2dbc:postgresql://u@localhost:5432/app",
        "r2dbc:mysql://u@localhost:3306/app | r2dbc:mysql://u@localhost:3306/app",
    })
    void h2DefaultsAddCaseFoldingAndKeepInMemoryDatabasesAlive(String url, String expected) {
        assertThat(PoolSetup.h2Defaults(url)).isEqualTo(expected);
    }
}
