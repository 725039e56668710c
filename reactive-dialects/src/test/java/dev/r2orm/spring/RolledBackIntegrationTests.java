package dev.r2orm.spring;

import static dev.r2orm.spring.SpringFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.r2orm.Db;
import dev.r2orm.Tx;
import dev.r2orm.test.RolledBack;
import dev.r2orm.test.TestTransactions;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The rolled-back test kit ({@link RolledBack}, {@link TestTransactions}) on H2, PostgreSQL and MariaDB: sample test
 * classes are run by JUnit's engine test kit against the hand-written table {@code spring_marks}; each sample sees its
 * own writes (r2orm's, Spring's client's, a Spring transactional operator's, a savepoint's, a pipeline the
 * "application" subscribed on another thread), and afterwards the table holds none of them, only what a test that opted
 * out committed; the pool is idle. The {@code Db} is found in a field, or as the bean of a Spring test.
 */
class RolledBackIntegrationTests {

    /** The database the samples run on, set before each run. */
    static Db current;

    static SpringFixture fixture(Db db) {
        return new SpringFixture(db, DatabaseClient.create(db.connectionFactory()),
                new R2dbcTransactionManager(db.connectionFactory()));
    }

    @RolledBack
    static class FieldSample {
        Db db = current;

        @Test
        void seesItsOwnWritesOfEveryKind() {
            SpringFixture spring = fixture(db);
            StepVerifier.create(spring.create(40, "r2orm")
                            .then(spring.insert(40))
                            .then(spring.operator().transactional(spring.create(40, "service")))
                            .then(db.transaction(tx -> spring.create(40, "savepoint")).then())
                            .then(spring.count(40)))
                    .expectNext(4L).verifyComplete();
            assertThat(spring.springCount(40).block(TIMEOUT)).isEqualTo(4L);
        }

        @Test
        void pipelinesTheApplicationSubscribesTakePart() {
            SpringFixture spring = fixture(db);
            // as a WebFlux handler would: subscribed by other code, on another thread, with no context of the test's
            CompletableFuture<Long> handled = new CompletableFuture<>();
            Schedulers.parallel().schedule(() -> spring.create(41, "handler").then(spring.count(41))
                    .subscribe(handled::complete, handled::completeExceptionally));
            assertThat(handled.join()).isEqualTo(1L);
        }

        @Test
        void takesTheTransaction(Tx tx) {
            StepVerifier.create(tx.create(new SpringFixture.SpringMark(42, "tx")).then(fixture(db).count(42)))
                    .expectNext(1L).verifyComplete();
        }

        @Test
        @RolledBack(false)
        void optsOut() {
            fixture(db).create(43, "committed").block(TIMEOUT);
        }
    }

    @RolledBack
    @SpringJUnitConfig(SpringSample.Beans.class)
    @DirtiesContext
    static class SpringSample {

        @Configuration
        static class Beans {
            @Bean(destroyMethod = "") // the test's database outlives the context
            Db db() {
                return current;
            }

            @Bean
            DatabaseClient client(Db db) {
                return DatabaseClient.create(db.connectionFactory());
            }
        }

        @org.springframework.beans.factory.annotation.Autowired
        DatabaseClient client;

        @Test
        void findsTheDbBean() {
            StepVerifier.create(client.sql("INSERT INTO spring_marks (marker, note) VALUES (44, 'bean')").then()
                            .then(fixture(current).count(44)))
                    .expectNext(1L).verifyComplete();
        }
    }

    @RolledBack
    static class NoDbSample {
        @Test
        void fails() {
        }
    }

    @RolledBack
    static class TwoDbSample {
        Db first = current;
        Db second = current;

        @Test
        void fails() {
        }
    }

    private static EngineExecutionResults run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
    }

    @DatabaseTest
    void aRolledBackTestLeavesNothingBehind(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        current = db;
        run(FieldSample.class).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(spring.notes(40)).isEmpty();
        assertThat(spring.notes(41)).isEmpty();
        assertThat(spring.notes(42)).isEmpty();
        assertThat(spring.notes(43)).containsExactly("committed");
        spring.assertIdle();
    }

    @DatabaseTest
    void aSpringTestsDbBeanIsFound(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        current = db;
        run(SpringSample.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(spring.notes(44)).isEmpty();
        spring.assertIdle();
    }

    @DatabaseTest
    void noDbOrTwoAreConfigurationErrorsThatNameTheWayOut(Db db, TestDatabase target) {
        current = db;
        run(NoDbSample.class).testEvents().assertThatEvents().haveExactly(1, EventConditions.finishedWithFailure(
                TestExecutionResultConditions.instanceOf(ExtensionConfigurationException.class),
                TestExecutionResultConditions.message(m -> m.contains("found no Db"))));
        run(TwoDbSample.class).testEvents().assertThatEvents().haveExactly(1, EventConditions.finishedWithFailure(
                TestExecutionResultConditions.message(m -> m.contains("[first, second]")
                        && m.contains("@RolledBack(db = "))));
        assertThat(db.poolStatus().orElseThrow().acquired()).isZero();
    }

    @DatabaseTest
    void testTransactionsRollBackWithoutAnExtension(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(TestTransactions.rolledBack(db, tx -> spring.create(45, "r2orm")
                        .then(spring.insert(45))
                        .thenMany(Flux.concat(spring.count(45), spring.springCount(45)))))
                .expectNext(2L, 2L).verifyComplete();
        StepVerifier.create(TestTransactions.rolledBack(db, tx -> spring.create(45, "failed")
                        .then(Mono.error(new IllegalStateException("test fails")))))
                .expectErrorMessage("test fails").verify(TIMEOUT);
        StepVerifier.create(TestTransactions.rolledBack(db, tx -> spring.create(45, "cancelled")
                        .thenMany(Flux.just(1, 2).concatWith(Mono.never()))).take(1))
                .expectNext(1).verifyComplete();
        spring.assertIdle();
        assertThat(spring.notes(45)).isEmpty();
    }
}
