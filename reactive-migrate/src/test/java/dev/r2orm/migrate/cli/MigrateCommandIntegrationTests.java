package dev.r2orm.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool run in this JVM against real databases: the example folders up, down, goto and force, the prompts,
 * failures and dirty recovery, integrity checks, drop, golang-migrate's URLs and diff.
 */
class MigrateCommandIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PROGRESS = "\\d+/[ud] \\S+ \\(\\d+\\.\\d\\dms\\)";

    /** The example folder written for a database, relative to the module (Maven's working directory). */
    static String examples(TestDatabase target) {
        return "src/test/resources/db/" + switch (target) {
            case POSTGRESQL -> "postgres";
            case H2 -> "h2";
            default -> "mysql";
        };
    }

    /** How many versions the example folder has; its last one is a comment-only file without a down file. */
    static int versions(TestDatabase target) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(examples(target)))) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".up.sql")).count();
        }
    }

    static CliRun cli(TestUrl url, String path, String... command) {
        return cliWithInput("", url, path, command);
    }

    static CliRun cliWithInput(String stdin, TestUrl url, String path, String... command) {
        String[] args = Stream.concat(Stream.of("--path", path, "--database", url.value()), Stream.of(command))
                .toArray(String[]::new);
        return CliRun.run(stdin, args);
    }

    static void write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static boolean hasTable(Db db, String table) {
        return Boolean.TRUE.equals(db.migrator().hasTable(table).block(TIMEOUT));
    }

    @DatabaseTest
    void upPrintsEachFileThenNoChangeAndVersionAndStatusReportIt(Db db, TestDatabase target, TestUrl url)
            throws IOException {
        int n = versions(target);
        CliRun up = cli(url, examples(target), "up");
        assertThat(up.code()).as(up.toString()).isZero();
        assertThat(up.lines()).hasSize(n).allMatch(l -> l.matches(PROGRESS));
        assertThat(up.lines().get(0)).startsWith("1/u create_accounts (");
        assertThat(up.lines().get(n - 1)).startsWith(n + "/u just_a_comment (");
        assertThat(up.out()).isEmpty();
        assertThat(hasTable(db, "accounts")).isTrue();

        CliRun again = cli(url, examples(target), "up");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.err()).isEqualTo("no change" + System.lineSeparator());

        CliRun version = cli(url, examples(target), "version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(version.lines()).containsExactly(Integer.toString(n));

        CliRun status = cli(url, examples(target), "status");
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.lines()).startsWith("1 applied create_accounts", "2 applied add_city")
                .contains(n + " applied just_a_comment")
                .anyMatch(l -> l.startsWith("warning: no atlas.sum in " + examples(target)));
    }

    @DatabaseTest
    void downByNumberAllAndAfterThePrompt(Db db, TestDatabase target, TestUrl url) throws IOException {
        int n = versions(target);
        CliRun up = cli(url, examples(target), "--verbose", "up");
        assertThat(up.code()).as(up.toString()).isZero();
        assertThat(up.lines()).hasSize(n).allMatch(l -> l.matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d "
                + PROGRESS));

        CliRun one = cli(url, examples(target), "down", "1");
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.lines()).singleElement().satisfies(l -> assertThat(l).startsWith(n + "/d <empty> ("));
        assertThat(cli(url, examples(target), "version").lines()).containsExactly(Integer.toString(n - 1));

        CliRun declined = cliWithInput("n\n", url, examples(target), "down");
        assertThat(declined.code()).as(declined.toString()).isEqualTo(1);
        assertThat(declined.lines()).containsExactly("Are you sure you want to apply all down migrations? [y/N]",
                "Not applying all down migrations");
        assertThat(cliWithInput("", url, examples(target), "down").code()).as("no answer").isEqualTo(1);
        assertThat(cli(url, examples(target), "version").lines()).containsExactly(Integer.toString(n - 1));

        CliRun all = cli(url, examples(target), "down", "-all");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(all.lines()).hasSize(n - 1).allMatch(l -> l.matches(PROGRESS) && l.contains("/d "))
                .last().satisfies(l -> assertThat(l).startsWith("1/d create_accounts ("));
        assertThat(hasTable(db, "accounts")).isFalse();
        CliRun none = cli(url, examples(target), "version");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("error: no migration" + System.lineSeparator());
        assertThat(cli(url, examples(target), "down", "1").lines()).containsExactly("no change");

        assertThat(cli(url, examples(target), "up").code()).isZero();
        CliRun confirmed = cliWithInput("y\n", url, examples(target), "down");
        assertThat(confirmed.code()).as(confirmed.toString()).isZero();
        assertThat(confirmed.lines()).startsWith("Are you sure you want to apply all down migrations? [y/N]",
                "Applying all down migrations").hasSize(n + 2);
        assertThat(cli(url, examples(target), "version").code()).isEqualTo(1);
    }

    @DatabaseTest
    void gotoAndForceIncludingMinusOne(Db db, TestDatabase target, TestUrl url) {
        String source = "classpath:" + examples(target).substring("src/test/resources/".length());
        CliRun two = CliRun.run("", "goto", "2", "--source", source, "-database", url.value());
        assertThat(two.code()).as(two.toString()).isZero();
        assertThat(two.lines()).hasSize(2).last().satisfies(l -> assertThat(l).startsWith("2/u add_city ("));
        CliRun back = cli(url, source, "goto", "1");
        assertThat(back.lines()).singleElement().satisfies(l -> assertThat(l).startsWith("2/d add_city ("));
        assertThat(cli(url, source, "goto", "1").lines()).containsExactly("no change");

        CliRun minusOne = cli(url, source, "force", "-1");
        assertThat(minusOne.code()).as(minusOne.toString()).isZero();
        assertThat(minusOne.err()).isEmpty();
        assertThat(cli(url, source, "version").err()).startsWith("error: no migration");
        assertThat(cli(url, source, "force", "2").code()).isZero();
        assertThat(cli(url, source, "version").lines()).containsExactly("2");
        CliRun dashDash = cli(url, source, "force", "--", "-1");
        assertThat(dashDash.code()).as(dashDash.toString()).isZero();
        assertThat(cli(url, source, "version").code()).isEqualTo(1);

        CliRun tooLow = cli(url, source, "force", "-2");
        assertThat(tooLow.code()).isEqualTo(1);
        assertThat(tooLow.err()).startsWith("error: version argument must be at least -1");
        CliRun missing = cli(url, source, "force", "42");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: no migration found for version 42");
    }

    @DatabaseTest
    void aFailingFileNamesItsStatementThenDirtyIsRefusedUntilForce(Db db, TestUrl url, @TempDir Path dir)
            throws IOException {
        write(dir, "1_base.up.sql", "CREATE TABLE cli_base (id int);");
        write(dir, "1_base.down.sql", "DROP TABLE cli_base;");
        write(dir, "2_more.up.sql", "-- r2orm:no-transaction\nCREATE TABLE cli_more (id int);\n"
                + "INSERT INTO cli_no_such_table VALUES (1);\n");
        write(dir, "2_more.down.sql", "DROP TABLE IF EXISTS cli_more;");
        String path = dir.toString();

        CliRun failed = cli(url, path, "up");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.lines().get(0)).startsWith("1/u base (");
        assertThat(failed.lines().get(1)).startsWith("error: migration 2/u more (2_more.up.sql) failed at statement"
                + " 2 of 2 (line 3)");
        assertThat(failed.err()).contains("INSERT INTO cli_no_such_table VALUES (1)")
                .contains("CREATE TABLE cli_more (id int)").contains("force 1");
        assertThat(cli(url, path, "version").lines()).containsExactly("2 (dirty)");

        CliRun refused = cli(url, path, "up");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: Dirty database version 2.");
        assertThat(cli(url, path, "goto", "1").err()).startsWith("error: Dirty database version 2.");

        db.exec("DROP TABLE cli_more").block(TIMEOUT);
        CliRun force = cli(url, path, "force", "1");
        assertThat(force.code()).as(force.toString()).isZero();
        assertThat(cli(url, path, "version").lines()).containsExactly("1");
        write(dir, "2_more.up.sql", "CREATE TABLE cli_more (id int);\n");
        CliRun fixed = cli(url, path, "up");
        assertThat(fixed.code()).as(fixed.toString()).isZero();
        assertThat(fixed.lines()).singleElement().satisfies(l -> assertThat(l).startsWith("2/u more ("));
    }

    @DatabaseTest
    void hashValidateAndAnEditedFile(Db db, TestUrl url, @TempDir Path dir) throws IOException {
        write(dir, "1_a.up.sql", "CREATE TABLE cli_a (id int);");
        write(dir, "1_a.down.sql", "DROP TABLE cli_a;");
        write(dir, "3_c.up.sql", "CREATE TABLE cli_c (id int);");
        write(dir, "3_c.down.sql", "DROP TABLE cli_c;");
        String path = dir.toString();
        CliRun hash = CliRun.run("", "hash", "-path", path);
        assertThat(hash.code()).as(hash.toString()).isZero();
        assertThat(hash.lines()).containsExactly(dir.resolve("atlas.sum").toString());
        assertThat(dir.resolve("atlas.sum")).exists();
        assertThat(cli(url, path, "up").code()).isZero();
        CliRun valid = cli(url, path, "validate");
        assertThat(valid.code()).as(valid.toString()).isZero();
        assertThat(valid.lines()).containsExactly("ok: 2 versions, the database at 3");

        write(dir, "2_b.up.sql", "CREATE TABLE cli_b (id int);");
        CliRun late = cli(url, path, "validate");
        assertThat(late.code()).as(late.toString()).isEqualTo(1);
        assertThat(late.lines()).anyMatch(l -> l.startsWith("problem: version 2 (b) is below the database's version"
                + " 3 and was never applied"));
        CliRun status = cli(url, path, "status");
        assertThat(status.code()).isZero();
        assertThat(status.lines()).contains("1 applied a", "2 late b", "3 applied c");
        Files.delete(dir.resolve("2_b.up.sql"));

        write(dir, "1_a.up.sql", "CREATE TABLE cli_a (id bigint);");
        CliRun edited = cli(url, path, "up");
        assertThat(edited.code()).as(edited.toString()).isEqualTo(1);
        assertThat(edited.err()).startsWith("error: ").contains("1_a.up.sql changed after atlas.sum was written");
        CliRun invalid = cli(url, path, "validate");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.lines()).anyMatch(l -> l.startsWith("problem: ") && l.contains("1_a.up.sql"));
    }

    @DatabaseTest
    void upNShortOfNFilesAppliesThoseAndFails(Db db, TestDatabase target, TestUrl url) throws IOException {
        int n = versions(target);
        CliRun up = cli(url, examples(target), "up", Integer.toString(n + 2));
        assertThat(up.code()).as(up.toString()).isEqualTo(1);
        assertThat(up.lines()).hasSize(n + 1).last().isEqualTo("error: limit 2 short");
        assertThat(up.lines().subList(0, n)).allMatch(l -> l.matches(PROGRESS));
        CliRun down = cli(url, examples(target), "down", Integer.toString(n + 1));
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.lines()).hasSize(n + 1).last().isEqualTo("error: limit 1 short");
    }

    @DatabaseTest
    void dropAsksUnlessForced(Db db, TestDatabase target, TestUrl url) {
        assertThat(cli(url, examples(target), "up").code()).isZero();
        CliRun declined = cliWithInput("no\n", url, examples(target), "drop");
        assertThat(declined.code()).isEqualTo(1);
        assertThat(declined.lines()).containsExactly("Are you sure you want to drop the entire database schema? [y/N]",
                "Aborted dropping the entire database schema");
        assertThat(hasTable(db, "accounts")).isTrue();

        CliRun drop = CliRun.run("", "--database", url.value(), "drop", "-f");
        assertThat(drop.code()).as(drop.toString()).isZero();
        assertThat(drop.err()).isEmpty();
        assertThat(hasTable(db, "accounts")).isFalse();
        assertThat(hasTable(db, "schema_migrations")).isFalse();
        assertThat(CliRun.run("", "version", "--database", url.value()).err()).startsWith("error: no migration");
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void golangMigrateUrlsReachTheSameDatabaseWithTheirTable(Db db, TestDatabase target, TestUrl url)
            throws IOException {
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url.value());
        String user = DatabaseUrl.percentEncode(String.valueOf(o.getValue(ConnectionFactoryOptions.USER)));
        Object password = o.getValue(ConnectionFactoryOptions.PASSWORD);
        String userInfo = user + (password == null ? "" : ":" + DatabaseUrl.percentEncode(password.toString()));
        String hostPort = o.getValue(ConnectionFactoryOptions.HOST) + ":" + o.getValue(ConnectionFactoryOptions.PORT);
        String database = String.valueOf(o.getValue(ConnectionFactoryOptions.DATABASE));
        String golang = target == TestDatabase.POSTGRESQL
                ? "postgres://" + userInfo + "@" + hostPort + "/" + database + "?sslmode=disable&search_path="
                        + o.getValue(io.r2dbc.spi.Option.valueOf("schema")) + "&x-migrations-table=gm_versions"
                : "mysql://" + userInfo + "@tcp(" + hostPort + ")/" + database
                        + "?multiStatements=true&x-migrations-table=gm_versions";

        CliRun up = CliRun.run("", "-path", examples(target), "-database", golang, "up");
        assertThat(up.code()).as(up.toString()).isZero();
        assertThat(up.lines()).hasSize(versions(target)).allMatch(l -> l.matches(PROGRESS));
        assertThat(hasTable(db, "gm_versions")).isTrue();
        assertThat(hasTable(db, "schema_migrations")).isFalse();
        assertThat(hasTable(db, "accounts")).isTrue();
        assertThat(CliRun.run("", "-path", examples(target), "-database", golang, "version").lines())
                .containsExactly(Integer.toString(versions(target)));
        assertThat(CliRun.run("", "-path", examples(target), "-database", golang, "-table", "other", "version")
                .err()).as("--table wins over x-migrations-table").startsWith("error: no migration");
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aLockHeldLongerThanTheLockTimeoutFailsWithExitOne(Db db, TestDatabase target, TestUrl url,
            @TempDir Path dir) throws Exception {
        write(dir, "1_slow.up.sql", target == TestDatabase.POSTGRESQL ? "SELECT pg_sleep(4);" : "DO SLEEP(4);");
        CompletableFuture<CliRun> slow = CompletableFuture.supplyAsync(() -> cli(url, dir.toString(), "up"));
        Thread.sleep(1500);
        CliRun waited = cli(url, dir.toString(), "--lock-timeout", "1", "up");
        assertThat(waited.code()).as(waited.toString()).isEqualTo(1);
        assertThat(waited.err()).startsWith("error: another runner (r2orm or golang-migrate) held the lock");
        assertThat(slow.get(60, TimeUnit.SECONDS).code()).isZero();
    }

    /** A model for diff. */
    @dev.r2orm.annotation.Table("cli_things")
    static class CliThing {
        @dev.r2orm.annotation.PrimaryKey(autoIncrement = false) Long id;
        @dev.r2orm.annotation.Column(size = 40) String name;
    }

    @DatabaseTest
    void diffWritesTheFilesForAModelClassNamedOnTheCommandLine(Db db, TestUrl url, @TempDir Path dir)
            throws IOException {
        write(dir, "000001_base.up.sql", "CREATE TABLE cli_base (id int);");
        write(dir, "000001_base.down.sql", "DROP TABLE cli_base;");
        String path = dir.toString();
        assertThat(cli(url, path, "up").code()).isZero();

        CliRun diff = cli(url, path, "diff", "add_things", CliThing.class.getName());
        assertThat(diff.code()).as(diff.toString()).isZero();
        assertThat(diff.lines()).containsExactly(dir.resolve("000002_add_things.up.sql").toString(),
                dir.resolve("000002_add_things.down.sql").toString());
        assertThat(Files.readString(dir.resolve("000002_add_things.up.sql"))).contains("cli_things");
        CliRun up = cli(url, path, "up");
        assertThat(up.lines()).singleElement().satisfies(l -> assertThat(l).startsWith("2/u add_things ("));
        assertThat(hasTable(db, "cli_things")).isTrue();
        assertThat(cli(url, path, "diff", "again", CliThing.class.getName()).lines()).containsExactly("no change");

        CliRun missing = cli(url, path, "diff", "x", "com.example.NoSuchModel");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: model class com.example.NoSuchModel not found")
                .contains("class path").contains("java -cp app.jar:");
    }

    @DatabaseTest({TestDatabase.H2})
    void commandsWithoutTheirDatabaseOrFolderFailClearly(Db db, TestUrl url) {
        CliRun noDatabase = CliRun.run("", "--path", "src/test/resources/db/h2", "up");
        assertThat(noDatabase.code()).isEqualTo(1);
        assertThat(noDatabase.err()).startsWith("error: no database: give --database URL");
        CliRun noFolder = CliRun.run("", "--database", url.value(), "up");
        assertThat(noFolder.code()).isEqualTo(1);
        assertThat(noFolder.err()).startsWith("error: no migrations folder: give --path DIR");
        CliRun both = CliRun.run("", "--path", "a", "--source", "file://b", "--database", url.value(), "up");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: --path and --source are mutually exclusive");
        CliRun badScheme = CliRun.run("", "--path", "a", "--database", "sqlite3://x.db", "up");
        assertThat(badScheme.code()).isEqualTo(1);
        assertThat(badScheme.err()).startsWith("error: unsupported database URL scheme \"sqlite3\"");
        CliRun fileUrl = CliRun.run("", "--source", "file://src/test/resources/db/h2", "--database", url.value(), "up");
        assertThat(fileUrl.code()).as(fileUrl.toString()).isZero();
    }

    @Test
    void createWritesNumberedFilesAndNeedsAnExtension(@TempDir Path dir) throws IOException {
        CliRun create = CliRun.run("", "create", "--seq", "--ext", "sql", "--path", dir.toString(), "init");
        assertThat(create.code()).as(create.toString()).isZero();
        assertThat(create.lines()).containsExactly(dir.resolve("000001_init.up.sql").toString(),
                dir.resolve("000001_init.down.sql").toString());
        assertThat(dir.resolve("000001_init.up.sql")).exists().isEmptyFile();
        CliRun next = CliRun.run("", "-path", dir.toString(), "create", "-seq", "-ext", ".sql", "-digits", "3",
                "add_x");
        assertThat(next.lines()).containsExactly(dir.resolve("002_add_x.up.sql").toString(),
                dir.resolve("002_add_x.down.sql").toString());
        Path other = dir.resolve("other");
        assertThat(CliRun.run("", "create", "-ext", "sql", "-dir", other.toString(), "-format", "unix", "t").code())
                .isZero();
        try (Stream<Path> files = Files.list(other)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.matches("\\d{10}_t\\.(up|down)\\.sql")).hasSize(2);
        }

        CliRun noExt = CliRun.run("", "create", "--path", dir.toString(), "add_y");
        assertThat(noExt.code()).isEqualTo(1);
        assertThat(noExt.err()).isEqualTo("error: -ext flag must be specified" + System.lineSeparator());
        CliRun both = CliRun.run("", "create", "-seq", "-format", "unix", "-ext", "sql", "-dir", dir.toString(), "z");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).startsWith("error: the seq and format options are mutually exclusive");
    }

    @Test
    void usageErrorsExitTwoAndHelpAndVersionExitZero() {
        CliRun unknown = CliRun.run("", "frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: Unmatched argument at index 0: 'frobnicate'");
        CliRun badFlag = CliRun.run("", "up", "--frob");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err()).startsWith("error: Unknown option: '--frob'").contains("Usage: r2orm-migrate up");
        assertThat(CliRun.run("", "--lock-timeout", "soon", "up").code()).isEqualTo(2);
        assertThat(CliRun.run("", "--lock-timeout", "0", "--database", "r2dbc:h2:mem:///x", "version").code())
                .isEqualTo(2);
        CliRun allAndN = CliRun.run("", "down", "2", "--all");
        assertThat(allAndN.code()).isEqualTo(2);
        assertThat(allAndN.err()).startsWith("error: --all cannot be used with a number of migrations");
        CliRun none = CliRun.run("");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("Usage: r2orm-migrate");
        CliRun badN = CliRun.run("", "up", "abc");
        assertThat(badN.code()).isEqualTo(1);
        assertThat(badN.err()).startsWith("error: can't read limit argument abc");

        CliRun help = CliRun.run("", "-h");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: r2orm-migrate").contains("force", "diff", "--lock-timeout");
        assertThat(CliRun.run("", "down", "--help").out()).startsWith("Usage: r2orm-migrate down").contains("-all");
        CliRun version = CliRun.run("", "-V");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("r2orm-migrate ").doesNotContain("${").doesNotContain("unknown");
    }
}
