package dev.r2orm.migrate;

import static dev.r2orm.migrate.MigrationsIntegrationTests.TIMEOUT;
import static dev.r2orm.migrate.MigrationsIntegrationTests.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Bad folders and options: each a clear error before anything runs, or a warning where golang-migrate is silent. */
class BadInputIntegrationTests {

    @DatabaseTest
    void aMissingFolderOrDuplicateVersionsFailBeforeTheDatabaseIsTouched(Db db, @TempDir Path dir)
            throws IOException {
        StepVerifier.create(Migrations.from(dir.resolve("nowhere")).on(db).up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("nowhere"))
                .verify(TIMEOUT);
        write(dir, "001_a.up.sql", "CREATE TABLE dup_a (id int);");
        write(dir, "1_b.up.sql", "CREATE TABLE dup_b (id int);");
        StepVerifier.create(Migrations.from(dir).on(db).up())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("duplicate migration file").hasMessageContaining("001_a.up.sql")
                        .hasMessageContaining("1_b.up.sql"))
                .verify(TIMEOUT);
        assertThat(db.migrator().hasTable("schema_migrations").block(TIMEOUT)).isFalse();
    }

    @DatabaseTest
    void namesThatAlmostMatchAreListedAndAnEmptyFolderIsRefused(Db db, @TempDir Path dir) throws IOException {
        write(dir, "7_x.UP.sql", "CREATE TABLE near_x (id int);");
        write(dir, "V6__flyway.sql", "CREATE TABLE near_f (id int);");
        StepVerifier.create(Migrations.from(dir).on(db).up())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("no migration files in")
                        .hasMessageContaining("7_x.UP.sql").hasMessageContaining("V6__flyway.sql"))
                .verify(TIMEOUT);
        write(dir, "1_a.up.sql", "CREATE TABLE near_a (id int);");
        Migrations.from(dir).on(db).up().block(TIMEOUT);
        assertThat(Migrations.from(dir).on(db).status().block(TIMEOUT).warnings())
                .anyMatch(w -> w.contains("7_x.UP.sql") && w.contains("lower case"))
                .anyMatch(w -> w.contains("V6__flyway.sql"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void anotherTableNameKeepsItsOwnVersionAndLock(Db db, TestDatabase target, @TempDir Path dir)
            throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE alt_a (id int);");
        Migrations alt = Migrations.from(dir).table("alt_versions");
        assertThat(alt.on(db).up().block(TIMEOUT).to()).isEqualTo(1);
        assertThat(db.migrator().hasTable("alt_versions").block(TIMEOUT)).isTrue();
        assertThat(db.migrator().hasTable("alt_versions_history").block(TIMEOUT)).isTrue();
        assertThat(db.migrator().hasTable("schema_migrations").block(TIMEOUT)).isFalse();
        assertThat(Migrations.from(dir).on(db).version().block(TIMEOUT).exists()).isFalse();
    }

    @DatabaseTest
    void badOptionsAreRefusedWhereTheyAreGiven(Db db) {
        assertThatThrownBy(() -> Migrations.from(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migrations.from("db").table("a\"b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\"b");
        assertThatThrownBy(() -> Migrations.from("db").lockTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migrations.from("db").on(db).up(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migrations.from("db").on(db).force(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}
