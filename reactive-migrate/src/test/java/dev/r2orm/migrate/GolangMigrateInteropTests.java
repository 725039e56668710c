package dev.r2orm.migrate;

import static dev.r2orm.migrate.MigrationsIntegrationTests.TIMEOUT;
import static dev.r2orm.migrate.MigrationsIntegrationTests.count;
import static dev.r2orm.migrate.MigrationsIntegrationTests.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.Tx;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * One database, two tools: what golang-migrate writes (its table DDL, its single-row version writes, its dirty rows,
 * its lock) is reproduced here statement for statement, as its drivers issue them, and r2orm continues from it; what
 * r2orm writes is read back the way golang-migrate reads it.
 */
class GolangMigrateInteropTests {

    /** golang-migrate's own statements, as its PostgreSQL and MySQL drivers issue them. */
    private static final class GolangMigrate {
        private final Db db;
        private final TestDatabase target;

        GolangMigrate(Db db, TestDatabase target) {
            this.db = db;
            this.target = target;
        }

        void createTable() {
            db.exec(target == TestDatabase.POSTGRESQL
                    ? "CREATE TABLE IF NOT EXISTS \"schema_migrations\" (version bigint not null primary key,"
                            + " dirty boolean not null)"
                    : "CREATE TABLE `schema_migrations` (version bigint not null primary key, dirty boolean not null)")
                    .block(TIMEOUT);
        }

        void setVersion(long version, boolean dirty) {
            db.transactionMono(tx -> tx.exec(target == TestDatabase.POSTGRESQL ? "TRUNCATE \"schema_migrations\""
                            : "DELETE FROM `schema_migrations` LIMIT 1")
                    .then(version >= 0 || version == -1 && dirty
                            ? tx.exec("INSERT INTO schema_migrations (version, dirty) VALUES (?, ?)", version, dirty)
                            : reactor.core.publisher.Mono.just(0L)))
                    .block(TIMEOUT);
        }

        /** {@code SELECT version, dirty FROM t LIMIT 1}: no row is version -1, clean. */
        DatabaseVersion version() {
            Map<String, Object> row = db.raw("SELECT version, dirty FROM schema_migrations LIMIT 1").findMaps()
                    .blockFirst(TIMEOUT);
            if (row == null) {
                return new DatabaseVersion(-1, false);
            }
            Object dirty = row.get("dirty");
            return new DatabaseVersion(((Number) row.get("version")).longValue(),
                    dirty instanceof Boolean b ? b : ((Number) dirty).intValue() == 1);
        }
    }

    private static void threeFiles(Path dir) throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE gm_a (id int);");
        write(dir, "1_a.down.sql", "DROP TABLE gm_a;");
        write(dir, "2_b.up.sql", "CREATE TABLE gm_b (id int);");
        write(dir, "2_b.down.sql", "DROP TABLE gm_b;");
        write(dir, "3_c.up.sql", "CREATE TABLE gm_c (id int);");
        write(dir, "3_c.down.sql", "DROP TABLE gm_c;");
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void r2ormContinuesADatabaseGolangMigrateMigrated(Db db, TestDatabase target, @TempDir Path dir)
            throws IOException {
        threeFiles(dir);
        GolangMigrate gm = new GolangMigrate(db, target);
        gm.createTable();
        for (long v = 1; v <= 2; v++) {
            gm.setVersion(v, true);
            db.exec("CREATE TABLE gm_" + (char) ('a' + v - 1) + " (id int)").block(TIMEOUT);
            gm.setVersion(v, false);
        }

        MigrationRunner runner = Migrations.from(dir).on(db);
        assertThat(runner.status().block(TIMEOUT).files()).extracting(MigrationStatus.FileStatus::state)
                .containsExactly(MigrationStatus.State.APPLIED, MigrationStatus.State.APPLIED,
                        MigrationStatus.State.PENDING);
        MigrationReport report = runner.up().block(TIMEOUT);
        assertThat(report.events()).extracting(MigrationEvent::version).containsExactly(3L);
        assertThat(gm.version()).isEqualTo(new DatabaseVersion(3, false));
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations")).isEqualTo(1);
        List<Map<String, Object>> history = db.raw("SELECT version, direction FROM schema_migrations_history"
                + " ORDER BY id").findMaps().collectList().block(TIMEOUT);
        assertThat(history).extracting(m -> m.get("direction")).containsExactly("baseline", "up");

        // golang-migrate goes down one version without writing history; r2orm follows the version row
        gm.setVersion(2, true);
        db.exec("DROP TABLE gm_c").block(TIMEOUT);
        gm.setVersion(2, false);
        assertThat(runner.up().block(TIMEOUT).events()).extracting(MigrationEvent::version).containsExactly(3L);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void golangMigrateReadsWhatR2ormWrote(Db db, TestDatabase target, @TempDir Path dir) throws IOException {
        threeFiles(dir);
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up(2).block(TIMEOUT);
        GolangMigrate gm = new GolangMigrate(db, target);
        assertThat(gm.version()).isEqualTo(new DatabaseVersion(2, false));
        List<ColumnType> columns = db.migrator().columnTypes("schema_migrations").collectList().block(TIMEOUT);
        assertThat(columns).extracting(ColumnType::name).containsExactly("version", "dirty");
        assertThat(columns.get(0).primaryKey()).isTrue();
        assertThat(columns).allSatisfy(c -> assertThat(c.nullable()).isFalse());
        assertThat(columns.get(0).columnType()).containsIgnoringCase("bigint");
        assertThat(columns.get(1).columnType()).matches("(?i)(boolean|tinyint\\(1\\))");

        runner.force(-1).block(TIMEOUT);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations")).as("force -1 leaves no row").isZero();
        assertThat(gm.version()).isEqualTo(new DatabaseVersion(-1, false));
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aDirtyRowGolangMigrateLeftStopsR2ormUntilForced(Db db, TestDatabase target, @TempDir Path dir)
            throws IOException {
        threeFiles(dir);
        GolangMigrate gm = new GolangMigrate(db, target);
        gm.createTable();
        gm.setVersion(-1, true);
        MigrationRunner runner = Migrations.from(dir).on(db);
        assertThat(runner.version().block(TIMEOUT)).isEqualTo(new DatabaseVersion(-1, true));
        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("Dirty database version -1")
                        .hasMessageContaining("may have been run by another tool"))
                .verify(TIMEOUT);
        assertThat(db.migrator().hasTable("gm_a").block(TIMEOUT)).isFalse();

        gm.setVersion(2, true);
        StepVerifier.create(runner.down(1))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Dirty database version 2"))
                .verify(TIMEOUT);
        runner.force(-1).block(TIMEOUT);
        assertThat(runner.up().block(TIMEOUT).to()).isEqualTo(3);
    }

    @DatabaseTest(TestDatabase.POSTGRESQL)
    void golangMigratesLibraryLockKeyExcludesR2ormToo(Db db, @TempDir Path dir) throws IOException {
        threeFiles(dir);
        Tx holder = db.begin().block(TIMEOUT);
        try {
            Map<String, Object> names = holder.db().raw("SELECT current_database() AS d, current_schema() AS s")
                    .findMaps().blockFirst(TIMEOUT);
            long key = LockKeys.postgres((String) names.get("d"), (String) names.get("s"), "schema_migrations");
            holder.db().raw("SELECT pg_advisory_lock(" + key + ")").findMaps().blockLast(TIMEOUT);
            StepVerifier.create(Migrations.from(dir).lockTimeout(Duration.ofMillis(300)).on(db).up())
                    .expectError(MigrationLockTimeoutException.class)
                    .verify(TIMEOUT);
        } finally {
            holder.db().raw("SELECT pg_advisory_unlock_all()").findMaps().blockLast(TIMEOUT);
            holder.rollback().block(TIMEOUT);
        }
        assertThat(Migrations.from(dir).on(db).up().block(TIMEOUT).to()).isEqualTo(3);
    }
}
