package dev.r2orm.migrate;

import static dev.r2orm.migrate.MigrationsIntegrationTests.TIMEOUT;
import static dev.r2orm.migrate.MigrationsIntegrationTests.count;
import static dev.r2orm.migrate.MigrationsIntegrationTests.examples;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Tx;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The lock: golang-migrate's keys, a bounded wait, no wait at all with nothing to do, runners started together, and
 * what a cancelled runner leaves.
 */
class MigrationLockIntegrationTests {

    /** Holds the lock golang-migrate's command line would take on this database, in a transaction of its own. */
    private static Tx holdGolangMigratesLock(Db db, TestDatabase target) {
        Tx holder = db.begin().block(TIMEOUT);
        if (target == TestDatabase.POSTGRESQL) {
            Map<String, Object> names = holder.db().raw("SELECT current_database() AS d, current_schema() AS s")
                    .findMaps().blockFirst(TIMEOUT);
            long key = LockKeys.postgres("/" + names.get("d"), (String) names.get("s"), "schema_migrations");
            holder.db().raw("SELECT pg_advisory_lock(" + key + ")").findMaps().blockLast(TIMEOUT);
        } else if (target == TestDatabase.H2) {
            holder.db().raw("SELECT \"name\" FROM \"r2orm\".\"migrator_lock\" WHERE \"name\" = 'migrate:' ||"
                    + " CURRENT_SCHEMA || '.schema_migrations' FOR UPDATE").findMaps().blockLast(TIMEOUT);
        } else {
            String database = (String) holder.db().raw("SELECT DATABASE() AS d").findMaps().blockFirst(TIMEOUT).get("d");
            holder.db().raw("SELECT GET_LOCK('" + LockKeys.mysql(database, "schema_migrations") + "', 0)")
                    .findMaps().blockLast(TIMEOUT);
        }
        return holder;
    }

    private static void release(Tx holder, TestDatabase target) {
        if (target == TestDatabase.POSTGRESQL) {
            holder.db().raw("SELECT pg_advisory_unlock_all()").findMaps().blockLast(TIMEOUT);
        } else if (target != TestDatabase.H2) {
            holder.db().raw("SELECT RELEASE_ALL_LOCKS()").findMaps().blockLast(TIMEOUT);
        }
        holder.rollback().block(TIMEOUT);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aHeldLockFailsACommandWithinItsTimeoutYetARunnerWithNothingToDoNeverWaits(Db db, TestDatabase target,
            @TempDir Path dir) throws IOException {
        MigrationsIntegrationTests.write(dir, "1_a.up.sql", "CREATE TABLE held_a (id int);");
        Migrations migrations = Migrations.from(dir).lockTimeout(Duration.ofMillis(300));
        migrations.on(db).up().block(TIMEOUT);
        Tx holder = holdGolangMigratesLock(db, target);
        try {
            long started = System.nanoTime();
            assertThat(migrations.on(db).up().block(TIMEOUT).noChange()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));

            MigrationsIntegrationTests.write(dir, "2_b.up.sql", "CREATE TABLE held_b (id int);");
            started = System.nanoTime();
            StepVerifier.create(migrations.on(db).up())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationLockTimeoutException.class)
                            .satisfies(x -> assertThat(((MigrationException) x).isRetryable()).isTrue()))
                    .verify(TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(db.migrator().hasTable("held_b").block(TIMEOUT)).isFalse();
        } finally {
            release(holder, target);
        }
        assertThat(migrations.on(db).up().block(TIMEOUT).to()).isEqualTo(2);
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void eightRunnersStartedTogetherApplyEachFileOnceWithinTheTimeout(Db db, TestDatabase target, TestUrl url) {
        List<Db> instances = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // eight application instances, each with its own pool
            instances.add(Db.open(url.value(), target.configure(Config.builder()).build()));
        }
        List<Duration> took = Collections.synchronizedList(new ArrayList<>());
        List<MigrationReport> reports = Flux.fromIterable(instances)
                .flatMap(i -> {
                    long start = System.nanoTime();
                    return Migrations.from(examples(target)).on(i).up()
                            .doOnSuccess(r -> took.add(Duration.ofNanos(System.nanoTime() - start)))
                            .subscribeOn(Schedulers.parallel());
                }, 8)
                .collectList()
                .doFinally(signal -> instances.forEach(Db::close))
                .block(TIMEOUT);
        assertThat(reports).hasSize(8);
        assertThat(took).allSatisfy(d -> assertThat(d).isLessThan(Migrations.DEFAULT_LOCK_TIMEOUT));
        long files = reports.stream().mapToLong(r -> r.events().size()).sum();
        long versions = count(db, "SELECT COUNT(DISTINCT version) AS n FROM schema_migrations_history"
                + " WHERE direction = 'up'");
        assertThat(files).as("every file applied by exactly one runner").isEqualTo(versions);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations_history WHERE direction = 'up'"))
                .isEqualTo(versions);
        assertThat(reports).filteredOn(r -> !r.noChange()).hasSizeGreaterThanOrEqualTo(1);
        if (target == TestDatabase.POSTGRESQL) {
            assertThat(count(db, "SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname = 'accounts_email_index'"
                    + " AND schemaname = current_schema()"))
                    .as("CREATE INDEX CONCURRENTLY ran once, without deadlock").isEqualTo(1);
        }
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aCancelledRunnerFreesItsLockAndConnectionsAndTheNextReportsThePreciseState(Db db, TestDatabase target,
            @TempDir Path dir) throws IOException {
        boolean postgres = target == TestDatabase.POSTGRESQL;
        MigrationsIntegrationTests.write(dir, "1_a.up.sql", "CREATE TABLE slow_a (id int);");
        MigrationsIntegrationTests.write(dir, "2_b.up.sql", "CREATE TABLE slow_b (id int);\n"
                + (postgres ? "SELECT pg_sleep(3);" : "SELECT SLEEP(3);") + "\nCREATE TABLE slow_c (id int);");
        Migrations migrations = Migrations.from(dir).lockTimeout(Duration.ofSeconds(10));
        StepVerifier.create(migrations.on(db).up().events())
                .expectNextMatches(e -> e.version() == 1)
                .thenAwait(Duration.ofMillis(500))
                .thenCancel()
                .verify(TIMEOUT);
        Pools.awaitIdle(db, Duration.ofSeconds(10));

        DatabaseVersion after = migrations.on(db).version().block(TIMEOUT);
        if (postgres) {
            assertThat(after).as("the file's transaction was rolled back").isEqualTo(new DatabaseVersion(1, false));
            assertThat(db.migrator().hasTable("slow_b").block(TIMEOUT)).isFalse();
            assertThat(migrations.on(db).up().block(TIMEOUT).to()).isEqualTo(2);
        } else {
            assertThat(after).isEqualTo(new DatabaseVersion(2, true));
            StepVerifier.create(migrations.on(db).up())
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Dirty database version 2"))
                    .verify(TIMEOUT);
        }
        assertThat(Files.exists(dir)).isTrue();
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aRunnerKilledMidFileFreesTheLockWithItsSessionAndTheNextReportsTheState(Db db, TestDatabase target,
            TestUrl url, @TempDir Path dir) throws IOException {
        boolean postgres = target == TestDatabase.POSTGRESQL;
        MigrationsIntegrationTests.write(dir, "1_a.up.sql", "CREATE TABLE killed_a (id int);");
        MigrationsIntegrationTests.write(dir, "2_b.up.sql", "CREATE TABLE killed_b (id int);\n"
                + (postgres ? "SELECT pg_sleep(30);" : "SELECT SLEEP(30);") + "\nCREATE TABLE killed_c (id int);");
        Migrations migrations = Migrations.from(dir).lockTimeout(Duration.ofSeconds(5));
        // another process: its own pool, whose sessions the server ends
        Db other = Db.open(url.value(), target.configure(Config.builder()).build());
        reactor.core.publisher.Mono<MigrationReport> victim = migrations.on(other).up().cache();
        victim.subscribe(r -> { }, e -> { });

        String sleeping = postgres
                ? "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active'"
                        + " AND pid <> pg_backend_pid()"
                : "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(30)%'";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(db, sleeping) == 0 && System.nanoTime() < deadline) {
            reactor.core.publisher.Mono.delay(Duration.ofMillis(50)).block();
        }
        Tx killer = db.begin().block(TIMEOUT);
        try {
            if (postgres) {
                killer.db().raw("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND (query LIKE '%pg_sleep(30)%' OR pid IN (SELECT pid FROM pg_locks"
                        + " WHERE locktype = 'advisory'))").findMaps().blockLast(TIMEOUT);
            } else {
                String database = (String) killer.db().raw("SELECT DATABASE() AS d").findMaps().blockFirst(TIMEOUT)
                        .get("d");
                List<Map<String, Object>> ids = killer.db().raw("SELECT id FROM information_schema.processlist"
                        + " WHERE (info LIKE 'SELECT SLEEP(30)%' OR id = IS_USED_LOCK(?)) AND id <> CONNECTION_ID()",
                        LockKeys.mysql(database, "schema_migrations")).findMaps().collectList().block(TIMEOUT);
                assertThat(ids).hasSize(2);
                for (Map<String, Object> id : ids) {
                    killer.db().exec("KILL CONNECTION " + ((Number) id.get("id")).longValue()).block(TIMEOUT);
                }
            }
        } finally {
            killer.rollback().block(TIMEOUT);
        }
        StepVerifier.create(victim).expectError().verify(TIMEOUT);
        other.close();

        long started = System.nanoTime();
        if (postgres) {
            assertThat(migrations.on(db).version().block(TIMEOUT)).isEqualTo(new DatabaseVersion(1, false));
            MigrationsIntegrationTests.write(dir, "2_b.up.sql", "CREATE TABLE killed_b (id int);");
            assertThat(migrations.on(db).up().block(TIMEOUT).to()).isEqualTo(2);
        } else {
            StepVerifier.create(migrations.on(db).up())
                    .expectErrorSatisfies(e -> assertThat(e).isNotInstanceOf(MigrationLockTimeoutException.class)
                            .hasMessageContaining("Dirty database version 2"))
                    .verify(TIMEOUT);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the lock went with the killed session")
                .isLessThan(Duration.ofSeconds(5));
    }
}
