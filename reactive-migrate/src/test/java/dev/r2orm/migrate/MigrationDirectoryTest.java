package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.OptionalLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MigrationDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private MigrationDirectory loaded() {
        MigrationDirectory d = MigrationDirectory.load(dir).block(WAIT);
        assertThat(d).isNotNull();
        return d;
    }

    private static void expectError(Mono<MigrationDirectory> load, String... parts) {
        StepVerifier.create(load)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .message().contains(parts))
                .verify(WAIT);
    }

    @Test
    void parsesGolangMigrateNames() throws IOException {
        write("001_a.up.sql", "CREATE TABLE a (id int);");
        write("001_a.down.sql", "DROP TABLE a;");
        write("2_x.up.", "-- empty extension");
        write("3_two.words.down.txt", "");
        write("1_x.up", "no extension");
        write("7_x.UP.sql", "upper case");
        write("V6__flyway.sql", "flyway");
        write("README.md", "readme");

        MigrationDirectory d = loaded();

        assertThat(d.files()).extracting(MigrationFile::fileName)
                .containsExactly("001_a.up.sql", "001_a.down.sql", "2_x.up.", "3_two.words.down.txt");
        assertThat(d.versions()).containsExactly(1L, 2L, 3L);
        MigrationFile up = d.up(1).orElseThrow();
        assertThat(up.name()).isEqualTo("a");
        assertThat(up.direction()).isEqualTo(Direction.UP);
        assertThat(up.sql()).isEqualTo("CREATE TABLE a (id int);");
        assertThat(d.down(1).orElseThrow().fileName()).isEqualTo("001_a.down.sql");
        assertThat(d.up(2).orElseThrow().name()).isEqualTo("x");
        assertThat(d.down(3).orElseThrow().name()).isEqualTo("two.words");
        assertThat(d.location()).isEqualTo(dir.toString());
    }

    @Test
    void recordsNearMissesWithReasons() throws IOException {
        write("5_noext.up", "");
        write("7_x.UP.sql", "");
        write("2026-12-04_1849_x.up.sql", "");
        write("V6__flyway.sql", "");
        write("R__views.sql", "");
        write("8_init.sql", "");
        write("x.down.sql", "");
        write("1_a.up.sql.bak", "");
        write("README.md", "");
        write(".gitkeep", "");

        MigrationDirectory d = loaded();

        assertThat(d.nearMisses()).containsExactly(
                "2026-12-04_1849_x.up.sql: the version must be digits followed by _",
                "5_noext.up: needs an extension after .up, as in .up.sql",
                "7_x.UP.sql: up/down must be lower case",
                "8_init.sql: needs .up. or .down. before the extension, as in {version}_{name}.up.sql",
                "R__views.sql: Flyway naming is not read; rename it to {version}_{name}.up.sql",
                "V6__flyway.sql: Flyway naming is not read; rename it to {version}_{name}.up.sql",
                "x.down.sql: the version must be digits followed by _");
        // golang-migrate's pattern reads a backup copy as a migration with extension "sql.bak"
        assertThat(d.files()).extracting(MigrationFile::fileName).containsExactly("1_a.up.sql.bak");
    }

    @Test
    void duplicateVersionAndDirectionNamesBothFiles() throws IOException {
        write("001_a.up.sql", "");
        write("1_b.up.sql", "");

        expectError(MigrationDirectory.load(dir),
                "duplicate migration file: 1_b.up.sql (version 1 up is also 001_a.up.sql)", dir.toString());
    }

    @Test
    void gapsAndOneDirectionVersionsAreFine() throws IOException {
        write("1_a.up.sql", "");
        write("10_b.down.sql", "");

        MigrationDirectory d = loaded();

        assertThat(d.versions()).containsExactly(1L, 10L);
        assertThat(d.next(-1)).isEqualTo(OptionalLong.of(1));
        assertThat(d.next(1)).isEqualTo(OptionalLong.of(10));
        assertThat(d.next(5)).isEqualTo(OptionalLong.of(10));
        assertThat(d.next(10)).isEmpty();
        assertThat(d.previous(10)).isEqualTo(OptionalLong.of(1));
        assertThat(d.previous(1)).isEmpty();
        assertThat(d.has(1)).isTrue();
        assertThat(d.has(10)).isTrue();
        assertThat(d.has(5)).isFalse();
        assertThat(d.down(1)).isEmpty();
        assertThat(d.up(10)).isEmpty();
        assertThat(d.down(10)).isPresent();
    }

    @Test
    void versionAboveSignedBigintIsAnError() throws IOException {
        write("9223372036854775807_max.up.sql", "");
        assertThat(loaded().versions()).containsExactly(Long.MAX_VALUE);

        write("9223372036854775808_over.up.sql", "");
        expectError(MigrationDirectory.load(dir), "9223372036854775808_over.up.sql", "signed bigint");
    }

    @Test
    void subfoldersAreSkipped() throws IOException {
        write("1_a.up.sql", "");
        write("nested/2_b.up.sql", "");
        Files.createDirectories(dir.resolve("3_dir.up.sql"));

        assertThat(loaded().versions()).containsExactly(1L);
    }

    @Test
    void emptyFolderLoadsWithNoFiles() {
        MigrationDirectory d = loaded();

        assertThat(d.files()).isEmpty();
        assertThat(d.versions()).isEmpty();
        assertThat(d.next(-1)).isEmpty();
        assertThat(d.nearMisses()).isEmpty();
        assertThat(d.sumFile()).isEmpty();
        assertThat(d.contents()).isEmpty();
    }

    @Test
    void missingFolderFailsOnlyWhenSubscribed() {
        Path missing = dir.resolve("nope");
        Mono<MigrationDirectory> load = MigrationDirectory.load(missing);

        expectError(load, missing.toString(), "does not exist");
        expectError(MigrationDirectory.load("file:" + missing), "file:" + missing, "does not exist");
    }

    @Test
    void aFileInsteadOfAFolderIsAnError() throws IOException {
        write("plain.txt", "");

        expectError(MigrationDirectory.load(dir.resolve("plain.txt")), "plain.txt", "not a folder");
    }

    @Test
    void readsOnBoundedElastic() throws IOException {
        write("1_a.up.sql", "");

        String thread = MigrationDirectory.load(dir).map(d -> Thread.currentThread().getName()).block(WAIT);

        assertThat(thread).startsWith("boundedElastic");
    }

    @Test
    void sumFileAndContents() throws IOException {
        write("1_a.up.sql", "up");
        write("1_a.down.sql", "down");
        write("atlas.sum", "h1:xyz=\n");
        write("notes.txt", "not a migration");

        MigrationDirectory d = loaded();

        assertThat(d.sumFile()).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("h1:xyz=\n"));
        assertThat(d.contents()).containsOnlyKeys("1_a.down.sql", "1_a.up.sql");
        assertThat(d.contents().firstKey()).isEqualTo("1_a.down.sql");
        assertThat(new String(d.contents().get("1_a.up.sql"), StandardCharsets.UTF_8)).isEqualTo("up");
        assertThat(d.nearMisses()).isEmpty();
    }

    @Test
    void plainAndFileLocations() throws IOException {
        write("1_a.up.sql", "");

        assertThat(MigrationDirectory.load(dir.toString()).block(WAIT).versions()).containsExactly(1L);
        assertThat(MigrationDirectory.load("file:" + dir).block(WAIT).versions()).containsExactly(1L);
        assertThat(MigrationDirectory.load("file://" + dir).block(WAIT).versions()).containsExactly(1L);
    }

    @Test
    void classpathFolder() {
        MigrationDirectory d = MigrationDirectory.load("classpath:dirtest/db/migrations").block(WAIT);

        assertThat(d.location()).isEqualTo("classpath:dirtest/db/migrations");
        assertThat(d.files()).extracting(MigrationFile::fileName)
                .containsExactly("1_init.up.sql", "1_init.down.sql", "2_more.up.sql");
        assertThat(d.up(1).orElseThrow().sql()).isEqualTo("CREATE TABLE a (id int);\n");
        assertThat(d.sumFile()).isPresent();
    }

    @Test
    void classpathFolderThatIsMissing() {
        expectError(MigrationDirectory.load("classpath:dirtest/absent"), "classpath:dirtest/absent",
                "not on the class path");
    }

    @Test
    void classpathFolderInsideAJar() throws IOException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/", null);
            entry(out, "db/migrations/", null);
            entry(out, "db/migrations/1_init.up.sql", "CREATE TABLE t (id int);");
            entry(out, "db/migrations/1_init.down.sql", "DROP TABLE t;");
            entry(out, "db/migrations/3_later.up.sql", "SELECT 3;");
            entry(out, "db/migrations/7_x.UP.sql", "");
            entry(out, "db/migrations/atlas.sum", "h1:jar=\n");
            entry(out, "db/migrations/sub/", null);
            entry(out, "db/migrations/sub/9_nested.up.sql", "");
            entry(out, "db/other/5_elsewhere.up.sql", "");
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            MigrationDirectory d = MigrationDirectory.load("classpath:/db/migrations/", loader).block(WAIT);

            assertThat(d.files()).extracting(MigrationFile::fileName)
                    .containsExactly("1_init.up.sql", "1_init.down.sql", "3_later.up.sql");
            assertThat(d.down(1).orElseThrow().sql()).isEqualTo("DROP TABLE t;");
            assertThat(d.next(1)).isEqualTo(OptionalLong.of(3));
            assertThat(d.nearMisses()).containsExactly("7_x.UP.sql: up/down must be lower case");
            assertThat(d.sumFile()).hasValueSatisfying(b ->
                    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("h1:jar=\n"));

            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            Mono<MigrationDirectory> viaContext;
            try {
                viaContext = MigrationDirectory.load("classpath:db/migrations");
            } finally {
                thread.setContextClassLoader(before);
            }
            assertThat(viaContext.block(WAIT).versions()).containsExactly(1L, 3L);
        }
        assertThat(openFiles()).as("the jar is closed once the loader is").doesNotContain(jar.toRealPath());
    }

    @Test
    void resultsAreImmutable() throws IOException {
        write("1_a.up.sql", "x");
        MigrationDirectory d = loaded();

        List<MigrationFile> files = d.files();
        assertThatThrownBy(() -> files.add(files.get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
        d.contents().get("1_a.up.sql")[0] = 'y';
        assertThat(d.up(1).orElseThrow().sql()).isEqualTo("x");
    }

    /** The files this process has open, where the system tells (Linux); empty elsewhere. */
    private static List<Path> openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        List<Path> open = new ArrayList<>();
        if (!Files.isDirectory(fds)) {
            return open;
        }
        try (var stream = Files.list(fds)) {
            for (Path fd : stream.toList()) {
                try {
                    open.add(Files.readSymbolicLink(fd));
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        return open;
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (text != null) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }

    @Test
    void existsTellsAMissingFolderWithoutReadingIt() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(MigrationDirectory.exists("classpath:db/postgres", loader)).isTrue();
        assertThat(MigrationDirectory.exists("classpath:/db/postgres/", loader)).isTrue();
        assertThat(MigrationDirectory.exists("classpath:db/nowhere", loader)).isFalse();
        Path folder = Files.createDirectories(dir.resolve("present"));
        assertThat(MigrationDirectory.exists(folder.toString(), loader)).isTrue();
        assertThat(MigrationDirectory.exists("file:" + folder, loader)).isTrue();
        assertThat(MigrationDirectory.exists("file:" + dir.resolve("absent"), loader)).isFalse();
        assertThatThrownBy(() -> MigrationDirectory.exists("file:", loader)).isInstanceOf(MigrationException.class);
    }
}
