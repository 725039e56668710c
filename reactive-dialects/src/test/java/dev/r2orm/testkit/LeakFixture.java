package dev.r2orm.testkit;

import dev.r2orm.Db;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Fixtures run by {@link TestKitUnitTests} through the JUnit engine, not by the build directly (the class name
 * matches no test pattern): a test that leaks a connection, and one that releases it.
 */
class LeakFixture {

    static volatile Connection leaked;

    @DatabaseTest(TestDatabase.H2)
    void leaksAConnection(Db db) {
        leaked = Mono.from(db.connectionFactory().create()).block(Duration.ofSeconds(5));
    }

    @DatabaseTest(TestDatabase.H2)
    void releasesItsConnection(Db db) {
        Connection c = Mono.from(db.connectionFactory().create()).block(Duration.ofSeconds(5));
        Mono.from(c.close()).block(Duration.ofSeconds(5));
    }
}
