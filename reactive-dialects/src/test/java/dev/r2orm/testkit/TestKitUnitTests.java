package dev.r2orm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.r2orm.Db;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class TestKitUnitTests {

    @Test
    void aLeakedConnectionFailsTheTestThatLeakedIt() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LeakFixture.class, "leaksAConnection", Db.class.getName()))
                .execute()
                .testEvents();
        events.assertStatistics(stats -> stats.started(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("leaksAConnection"), finishedWithFailure(
                instanceOf(AssertionError.class), message(m -> m.startsWith("connection leak: 1 connection(s) still acquired")))));
    }

    @Test
    void aReleasedConnectionPasses() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LeakFixture.class, "releasesItsConnection", Db.class.getName()))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void aMissingRequiredServerFailsNamingIt() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Map<String, String> env = Map.of(ServerLocator.REQUIRE_DATABASES_VARIABLE, "true");
        ServerLocator.Located located = ServerLocator.locate(ServerKind.POSTGRESQL, env::get, "127.0.0.1", deadPort,
                () -> "no Docker engine");
        assertThat(located.found()).isFalse();

        assertThatThrownBy(() -> DatabaseExtension.urlOrFail(TestDatabase.POSTGRESQL, Optional.of(located),
                ServerLocator.databasesRequired(env::get)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("PostgreSQL is not available")
                .hasMessageContaining("127.0.0.1:" + deadPort)
                .hasMessageContaining("R2ORM_REQUIRE_DATABASES=true forbids skipping PostgreSQL tests");
    }

    @Test
    void aMissingOptionalServerSkips() {
        ServerLocator.Located missing = new ServerLocator.Located(ServerKind.MARIADB, null, "none", "nothing found");
        assertThatThrownBy(() -> DatabaseExtension.urlOrFail(TestDatabase.MARIADB, Optional.of(missing), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("MariaDB is not available");
    }

    @DatabaseTest(TestDatabase.H2)
    void theTestUrlOpensTheDatabaseOfTheTestsDb(Db db, TestUrl url) {
        db.exec("CREATE TABLE seen_by_url (n int)").block(Duration.ofSeconds(5));
        db.exec("INSERT INTO seen_by_url (n) VALUES (?)", 7).block(Duration.ofSeconds(5));
        try (Db other = Db.open(url.value())) {
            assertThat(other.raw("SELECT n FROM seen_by_url").scan(Integer.class).collectList()
                    .block(Duration.ofSeconds(5))).containsExactly(7);
        }
    }

    @Test
    void h2NeedsNoServer() {
        assertThat(DatabaseExtension.urlOrFail(TestDatabase.H2, Optional.empty(), true)).startsWith("r2dbc:h2:mem:");
    }
}
