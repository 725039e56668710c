package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/**
 * The commands against real databases: the example folders up, down and up again, golang-migrate's table as it
 * writes it, failures in the middle of a file, dirty recovery, late and edited files, missing down files.
 */
class MigrationsIntegrationTests {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The example folder written for a database. */
    static String examples(TestDatabase target) {
        return switch (target) {
            case POSTGRESQL -> "classpath:db/postgres";
            case H2 -> "classpath:db/h2";
            default -> "classpath:db/mysql";
        };
    }

    static long count(Db db, String sql) {
        return ((Number) db.raw(sql).findMaps().blockFirst(TIMEOUT).values().iterator().next()).longValue();
    }

    static void write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void theExamplesGoUpDownAndUpAgain(Db db, TestDatabase target) {
        MigrationRunner runner = Migrations.from(examples(target)).on(db);
        MigrationReport up = runner.up().block(TIMEOUT);
        assertThat(up.from()).isEqualTo(-1);
        long last = up.to();
        assertThat(up.events()).extracting(MigrationEvent::version).endsWith(last);
        assertThat(up.events()).last().satisfies(e -> assertThat(e.empty()).as("comment-only file").isTrue());
        assertThat(runner.version().block(TIMEOUT)).isEqualTo(new DatabaseVersion(last, false));
        Map<String, Object> row = db.raw("SELECT version, dirty FROM schema_migrations").findMaps().blockFirst(TIMEOUT);
        assertThat(((Number) row.get("version")).longValue()).isEqualTo(last);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations")).isEqualTo(1);

        db.exec("INSERT INTO accounts (email) VALUES ('ann@example.org')").block(TIMEOUT);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM accounts")).isGreaterThanOrEqualTo(1);
        MigrationStatus status = runner.status().block(TIMEOUT);
        assertThat(status.problems()).isEmpty();
        assertThat(status.files()).allSatisfy(f -> assertThat(f.state()).isEqualTo(MigrationStatus.State.APPLIED));

        assertThat(runner.up().block(TIMEOUT).noChange()).isTrue();
        List<MigrationEvent> told = new java.util.ArrayList<>();
        MigrationReport one = runner.down(1).onEvent(told::add).block(TIMEOUT);
        assertThat(told).isEqualTo(one.events()).hasSize(1);
        assertThat(one.to()).isLessThan(last);
        MigrationReport down = runner.downAll().block(TIMEOUT);
        assertThat(down.to()).isEqualTo(-1);
        assertThat(runner.version().block(TIMEOUT).exists()).isFalse();
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations")).isZero();
        assertThat(db.migrator().hasTable("accounts").block(TIMEOUT)).isFalse();

        StepVerifier.create(runner.up().events())
                .expectNextCount(up.events().size())
                .verifyComplete();
        assertThat(runner.version().block(TIMEOUT).version()).isEqualTo(last);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations_history WHERE direction = 'up'"))
                .isEqualTo(2L * up.events().size());
    }

    @DatabaseTest({TestDatabase.MARIADB, TestDatabase.MARIADB_WITHOUT_RETURNING})
    void theSeedsTwoMigrationsRunOnMariaDbAsWritten(Db db) {
        MigrationRunner runner = Migrations.from("classpath:db/seeds").on(db);
        assertThat(runner.up().block(TIMEOUT).to()).isEqualTo(2);
        db.exec("INSERT INTO users (name, email, password) VALUES ('ann', 'a@x.org', 'secret')").block(TIMEOUT);
        db.exec("INSERT INTO roles (name) VALUES ('admin')").block(TIMEOUT);
        db.exec("INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r").block(TIMEOUT);
        assertThat(runner.down(1).block(TIMEOUT).to()).isEqualTo(1);
        assertThat(db.migrator().hasTable("roles").block(TIMEOUT)).isFalse();
        assertThat(runner.downAll().block(TIMEOUT).to()).isEqualTo(-1);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aFailureInTheMiddleOfAFileIsReportedPreciselyAndForceRecovers(Db db, TestDatabase target,
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "1_base.up.sql", "CREATE TABLE base_t (id int primary key);");
        write(dir, "1_base.down.sql", "DROP TABLE base_t;");
        write(dir, "2_more.up.sql", "CREATE TABLE more_a (id int);\n\nINSERT INTO no_such_table VALUES (1);\n"
                + "CREATE TABLE more_b (id int);");
        write(dir, "2_more.down.sql", "DROP TABLE IF EXISTS more_b;\nDROP TABLE IF EXISTS more_a;");
        MigrationRunner runner = Migrations.from(dir).on(db);
        boolean atomic = target == TestDatabase.POSTGRESQL;

        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MigrationException.class).hasMessageContaining("2/u more (2_more.up.sql)");
                    if (atomic) {
                        assertThat(e).hasMessageContaining("none of it was applied")
                                .hasMessageContaining("still at version 1, clean").hasMessageContaining("line 3");
                    } else {
                        assertThat(e).hasMessageContaining("statement 2 of 3 (line 3)")
                                .hasMessageContaining("Statements 1 to 1 of this file were applied")
                                .hasMessageContaining("CREATE TABLE more_a (id int)")
                                .hasMessageContaining("version 2, dirty").hasMessageContaining("force 1");
                    }
                })
                .verify(TIMEOUT);
        assertThat(db.migrator().hasTable("more_a").block(TIMEOUT)).isEqualTo(!atomic);
        assertThat(runner.version().block(TIMEOUT)).isEqualTo(atomic ? new DatabaseVersion(1, false)
                : new DatabaseVersion(2, true));
        if (!atomic) {
            StepVerifier.create(runner.up())
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Dirty database version 2")
                            .hasMessageContaining("after 1 of its statements were applied"))
                    .verify(TIMEOUT);
            db.exec("DROP TABLE more_a").block(TIMEOUT);
            assertThat(runner.force(1).block(TIMEOUT).to()).isEqualTo(1);
        }
        write(dir, "2_more.up.sql", "CREATE TABLE more_a (id int);\nCREATE TABLE more_b (id int);");
        assertThat(runner.up().block(TIMEOUT).to()).isEqualTo(2);
        assertThat(runner.version().block(TIMEOUT)).isEqualTo(new DatabaseVersion(2, false));
    }

    @DatabaseTest
    void aFileMergedAfterAHigherVersionRanIsReportedNotSkipped(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE late_a (id int);");
        write(dir, "3_c.up.sql", "CREATE TABLE late_c (id int);");
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up().block(TIMEOUT);
        write(dir, "2_b.up.sql", "CREATE TABLE late_b (id int);");

        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("2_b.up.sql").hasMessageContaining("never applied"))
                .verify(TIMEOUT);
        MigrationStatus status = runner.status().block(TIMEOUT);
        assertThat(status.files()).filteredOn(f -> f.version() == 2).singleElement()
                .satisfies(f -> assertThat(f.state()).isEqualTo(MigrationStatus.State.LATE));
        assertThat(status.isValid()).isFalse();

        MigrationReport report = Migrations.from(dir).outOfOrder(true).on(db).up().block(TIMEOUT);
        assertThat(report.events()).extracting(MigrationEvent::version).containsExactly(2L);
        assertThat(report.to()).isEqualTo(3);
        assertThat(db.migrator().hasTable("late_b").block(TIMEOUT)).isTrue();
        assertThat(runner.status().block(TIMEOUT).problems()).isEmpty();
    }

    @DatabaseTest
    void anAppliedFileEditedAfterwardsStopsEveryCommandNamingBothChecksums(Db db,
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE edited_a (id int);");
        write(dir, "1_a.down.sql", "DROP TABLE edited_a;");
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up().block(TIMEOUT);
        String before = Ledger.checksum("CREATE TABLE edited_a (id int);".getBytes(StandardCharsets.UTF_8));
        write(dir, "1_a.up.sql", "CREATE TABLE edited_a (id bigint);");
        String after = Ledger.checksum("CREATE TABLE edited_a (id bigint);".getBytes(StandardCharsets.UTF_8));

        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("1_a.up.sql")
                        .hasMessageContaining(before).hasMessageContaining(after))
                .verify(TIMEOUT);
        assertThat(runner.validate().block(TIMEOUT).problems()).singleElement().asString().contains(before, after);
    }

    @DatabaseTest
    void goingDownWithoutADownFileRunsNothing(Db db, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE nodown_a (id int);");
        write(dir, "1_a.down.sql", "DROP TABLE nodown_a;");
        write(dir, "2_b.up.sql", "CREATE TABLE nodown_b (id int);");
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up().block(TIMEOUT);
        StepVerifier.create(runner.downAll())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("no down file 2_b.down.sql")
                        .hasMessageContaining("nothing was run"))
                .verify(TIMEOUT);
        assertThat(runner.version().block(TIMEOUT).version()).isEqualTo(2);
        assertThat(db.migrator().hasTable("nodown_a").block(TIMEOUT)).isTrue();
    }

    @DatabaseTest
    void aDatabaseVersionTheFolderLacksAndForceOfAnUnknownVersionAreRefused(Db db,
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE unknown_a (id int);");
        write(dir, "2_b.up.sql", "CREATE TABLE unknown_b (id int);");
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up(1).block(TIMEOUT);
        StepVerifier.create(runner.force(42))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("no migration found for version 42"))
                .verify(TIMEOUT);
        db.exec("UPDATE schema_migrations SET version = 42").block(TIMEOUT);
        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("version 42, which no file"))
                .verify(TIMEOUT);
        assertThat(runner.force(1).block(TIMEOUT).to()).isEqualTo(1);
        MigrationReport report = runner.up().block(TIMEOUT);
        assertThat(report.events()).extracting(MigrationEvent::version).containsExactly(2L);
        assertThat(runner.gotoVersion(-1).then().onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .then(runner.version()).block(TIMEOUT).version()).isEqualTo(2);
    }

    @DatabaseTest
    void forceMinusOneEmptiesTheTableAsGolangMigrateDoes(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE force_a (id int);");
        MigrationRunner runner = Migrations.from(dir).on(db);
        runner.up().block(TIMEOUT);
        runner.force(-1).block(TIMEOUT);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM schema_migrations")).isZero();
        assertThat(runner.version().block(TIMEOUT)).hasToString("no migration");
        List<Map<String, Object>> history = db.raw("SELECT direction FROM schema_migrations_history ORDER BY id")
                .findMaps().collectList().block(TIMEOUT);
        assertThat(history).extracting(m -> m.get("direction")).containsExactly("up", "force");
    }

    /** A model that grows a column after its first migration. */
    @dev.r2orm.annotation.Table("gadgets")
    static class Gadget {
        @dev.r2orm.annotation.PrimaryKey(autoIncrement = false) Long id;
        @dev.r2orm.annotation.Column(size = 40) String name;
        @dev.r2orm.annotation.Column(size = 20, defaultValue = "'grey'") String color;
    }

    @DatabaseTest
    void diffWritesTheFilesThatTakeTheDatabaseToTheModels(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "000001_gadgets.up.sql", "CREATE TABLE gadgets (id bigint primary key, name varchar(40));");
        write(dir, "000001_gadgets.down.sql", "DROP TABLE gadgets;");
        Migrations migrations = Migrations.from(dir);
        MigrationRunner runner = migrations.on(db);
        runner.up().block(TIMEOUT);
        migrations.hash().block(TIMEOUT);

        List<Path> files = runner.diff("add_color", Gadget.class).block(TIMEOUT);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("000002_add_color.up.sql", "000002_add_color.down.sql");
        String up = Files.readString(files.get(0));
        assertThat(up).startsWith("-- add_color: written by r2orm diff from Gadget")
                .contains("-- SAFE: adds column color").containsIgnoringCase("ALTER TABLE");
        assertThat(Files.readString(files.get(1))).containsIgnoringCase("DROP COLUMN");
        assertThat(runner.validate().block(TIMEOUT).problems()).as("atlas.sum was rewritten").isEmpty();

        assertThat(runner.up().block(TIMEOUT).to()).isEqualTo(2);
        assertThat(db.migrator().validate(Gadget.class).collectList().block(TIMEOUT)).isEmpty();
        assertThat(runner.diff("again", Gadget.class).block(TIMEOUT)).isEmpty();
        runner.down(1).block(TIMEOUT);
        assertThat(db.migrator().columnTypes("gadgets").map(c -> c.name()).collectList().block(TIMEOUT))
                .doesNotContain("color");
    }

    @DatabaseTest
    void hashWritesAnAtlasSumThatEveryCommandChecks(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE hashed_a (id int);");
        write(dir, "1_a.down.sql", "DROP TABLE hashed_a;");
        Migrations migrations = Migrations.from(dir);
        SumFile sum = migrations.hash().block(TIMEOUT);
        assertThat(Files.readString(dir.resolve("atlas.sum"))).isEqualTo(sum.text()).startsWith("h1:");
        assertThat(migrations.on(db).validate().block(TIMEOUT).warnings()).noneMatch(w -> w.contains("atlas.sum"));

        List<Path> created = migrations.create("add_b", MigrationNames.Options.of("sql").withSequential(true))
                .block(TIMEOUT);
        assertThat(created).extracting(p -> p.getFileName().toString())
                .containsExactly("000002_add_b.up.sql", "000002_add_b.down.sql");
        assertThat(migrations.on(db).validate().block(TIMEOUT).problems()).isEmpty();
        migrations.on(db).up().block(TIMEOUT);

        write(dir, "1_a.up.sql", "CREATE TABLE hashed_a (id bigint);");
        StepVerifier.create(migrations.on(db).up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("1_a.up.sql changed after atlas.sum was written")
                        .hasMessageContaining("run hash to rewrite atlas.sum"))
                .verify(TIMEOUT);
        assertThat(migrations.on(db).validate().block(TIMEOUT).problems()).isNotEmpty();
        StepVerifier.create(Migrations.from("classpath:db/h2").hash())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("give the migrations folder on disk"))
                .verify(TIMEOUT);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aFileThatOnlyChangesDataIsAtomicOnEveryDatabase(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "1_t.up.sql", "CREATE TABLE data_t (id int primary key, note varchar(40));");
        write(dir, "2_rows.up.sql", "INSERT INTO data_t VALUES (1, 'one; with a semicolon');\n"
                + "UPDATE data_t SET note = 'changed' WHERE id = 1;\nINSERT INTO data_t VALUES (1, 'duplicate');");
        MigrationRunner runner = Migrations.from(dir).on(db);
        StepVerifier.create(runner.up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("2/u rows").hasMessageContaining("none of it was applied")
                        .hasMessageContaining("still at version 1, clean"))
                .verify(TIMEOUT);
        assertThat(count(db, "SELECT COUNT(*) AS n FROM data_t")).isZero();
        assertThat(runner.version().block(TIMEOUT)).isEqualTo(new DatabaseVersion(1, false));

        write(dir, "2_rows.up.sql", "INSERT INTO data_t VALUES (1, 'one; with a semicolon');");
        runner.up().block(TIMEOUT);
        assertThat(db.raw("SELECT note FROM data_t").findMaps().blockFirst(TIMEOUT).get("note"))
                .isEqualTo("one; with a semicolon");
    }

    @DatabaseTest
    void eachFileIsOneOperationForThePluginsInterceptors(Db db, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        write(dir, "1_shelves.up.sql", "CREATE TABLE shelves (id int primary key, label varchar(20));");
        write(dir, "2_fill.up.sql", "INSERT INTO shelves (id, label) VALUES (1, 'fiction');\n"
                + "INSERT INTO shelves (id, label) VALUES (2, 'poetry');");
        java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        db.use(new dev.r2orm.Plugin() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void initialize(dev.r2orm.PluginSetup setup) {
                setup.intercept((call, work) -> work.doOnComplete(() -> {
                    if (call.operation().equals("migration")) {
                        seen.add(String.join(" | ", call.statements()).toLowerCase(java.util.Locale.ROOT)
                                .replace("`", "").replace("\"", ""));
                    }
                }));
            }
        });

        assertThat(Migrations.from(dir).on(db).up().block(TIMEOUT).to()).isEqualTo(2);

        assertThat(seen).hasSize(2);
        assertThat(seen.peek()).contains("create table shelves");
        assertThat(List.copyOf(seen).get(1)).contains("insert into shelves (id, label) values (1, 'fiction')")
                .contains("insert into shelves (id, label) values (2, 'poetry')");
    }

    @DatabaseTest
    void dropRemovesEveryTableAndACancelledDropLeavesNoConnectionWithoutForeignKeyChecks(Db db, TestDatabase target,
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "1_shop.up.sql", "CREATE TABLE customers (id int primary key, name varchar(40));\n"
                + "CREATE TABLE orders (id int primary key, customer_id int NOT NULL,"
                + " CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));\n"
                + "INSERT INTO customers VALUES (1, 'ann');\nINSERT INTO orders VALUES (10, 1);");
        MigrationRunner runner = Migrations.from(dir).on(db);
        assertThat(runner.up().block(TIMEOUT).to()).isEqualTo(1);

        // a reader's open transaction holds the orders table: the drop waits on it, and is cancelled meanwhile
        reactor.core.publisher.Sinks.Empty<Void> release = reactor.core.publisher.Sinks.empty();
        reactor.core.Disposable reader = db.transaction(tx -> tx.raw("SELECT COUNT(*) FROM orders").scan(Long.class)
                .then(release.asMono())).subscribe();
        try {
            Thread.sleep(200);
            StepVerifier.create(runner.drop().then())
                    .thenAwait(Duration.ofMillis(300))
                    .thenCancel()
                    .verify(TIMEOUT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            release.tryEmitEmpty();
            reader.dispose();
        }
        dev.r2orm.testkit.Pools.awaitIdle(db, Duration.ofSeconds(10));
        if (target.isMySqlFamily()) {
            // every pooled connection at once, each in a transaction of its own
            List<Long> checks = reactor.core.publisher.Flux.range(0, 4)
                    .flatMap(i -> db.transaction(tx -> tx.raw("SELECT @@foreign_key_checks").scan(Long.class)
                            .delayElements(Duration.ofMillis(200))), 4)
                    .collectList().block(TIMEOUT);
            assertThat(checks).as("foreign key checks on every pooled connection").containsOnly(1L);
        }

        assertThat(runner.drop().block(TIMEOUT).to()).isEqualTo(-1);
        for (String table : List.of("customers", "orders", "schema_migrations")) {
            assertThat(db.migrator().hasTable(table).block(TIMEOUT)).as(table).isFalse();
        }
    }
}
