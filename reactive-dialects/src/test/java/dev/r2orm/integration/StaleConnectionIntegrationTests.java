package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.time.Duration;

/**
 * A pool connection the server closed while it sat idle is replaced, not handed out: the pool asks the server about a
 * connection before lending it.
 */
class StaleConnectionIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aConnectionKilledOnTheServerWhileIdleIsReplaced(Db db, TestDatabase target, TestUrl url)
            throws InterruptedException {
        boolean postgres = target == TestDatabase.POSTGRESQL;
        String whoAmI = postgres ? "SELECT CAST(pg_backend_pid() AS BIGINT)" : "SELECT CAST(CONNECTION_ID() AS SIGNED)";
        Db single = Db.open(url.value(), target.configure(Config.builder().maxPoolSize(1)
                .acquireTimeout(Duration.ofSeconds(5))).build());
        try {
            for (int round = 0; round < 2; round++) {
                long before = single.raw(whoAmI).scan(Long.class).blockLast(TIMEOUT);
                assertThat(single.raw(whoAmI).scan(Long.class).blockLast(TIMEOUT)).as("one pooled connection")
                        .isEqualTo(before);
                if (postgres) {
                    db.raw("SELECT pg_terminate_backend(CAST(? AS INTEGER))", before).findMaps().blockLast(TIMEOUT);
                } else {
                    db.exec("KILL CONNECTION " + before).block(TIMEOUT);
                }
                Thread.sleep(800);

                long after = single.raw(whoAmI).scan(Long.class).blockLast(TIMEOUT);
                assertThat(after).as("a new server session").isNotEqualTo(before);
            }
        } finally {
            single.close();
        }
    }
    /**
     * Four pooled connections killed on the server while idle: the next operation succeeds at its first try (the
     * borrow skips every dead one, however many), then four at once do too.
     */
    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void everyDeadIdleConnectionIsSkippedInOneBorrow(Db db, TestDatabase target, TestUrl url)
            throws InterruptedException {
        boolean postgres = target == TestDatabase.POSTGRESQL;
        String whoAmI = postgres ? "SELECT CAST(pg_backend_pid() AS BIGINT)" : "SELECT CAST(CONNECTION_ID() AS SIGNED)";
        Db four = Db.open(url.value(), target.configure(Config.builder().maxPoolSize(4)).build());
        try {
            java.util.List<Long> sessions = reactor.core.publisher.Flux.range(0, 4)
                    .flatMap(i -> four.transaction(tx -> tx.db().raw(whoAmI).scan(Long.class)
                            .delayElements(Duration.ofMillis(200))), 4)
                    .collectList().block(TIMEOUT);
            assertThat(sessions).doesNotHaveDuplicates().hasSize(4);
            for (long id : sessions) {
                if (postgres) {
                    db.raw("SELECT pg_terminate_backend(CAST(? AS INTEGER))", id).findMaps().blockLast(TIMEOUT);
                } else {
                    db.exec("KILL CONNECTION " + id).block(TIMEOUT);
                }
            }
            Thread.sleep(500);
            long fresh = four.raw(whoAmI).scan(Long.class).blockLast(TIMEOUT);
            assertThat(sessions).doesNotContain(fresh);
            java.util.List<Long> next = reactor.core.publisher.Flux.range(0, 4)
                    .flatMap(i -> four.raw(whoAmI).scan(Long.class), 4).collectList().block(TIMEOUT);
            assertThat(next).hasSize(4).doesNotContainAnyElementsOf(sessions);
        } finally {
            four.close();
        }
    }
}
