package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.migrate.MigrationNames.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MigrationNamesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-04T17:49:15.120300Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private List<String> create(String name, Options options) {
        List<Path> paths = MigrationNames.create(dir, name, options).block(WAIT);
        assertThat(paths).hasSize(2).allSatisfy(p -> assertThat(p).isEmptyFile());
        return paths.stream().map(p -> dir.relativize(p).toString()).toList();
    }

    private static void expectError(Mono<List<Path>> create, String... parts) {
        StepVerifier.create(create)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationException.class)
                        .message().contains(parts))
                .verify(WAIT);
    }

    @Test
    void sequentialNumbersFollowTheLastFile() {
        assertThat(create("init", Options.of("sql").withSequential(true)))
                .containsExactly("000001_init.up.sql", "000001_init.down.sql");
        assertThat(create("add_x", Options.of(".sql").withSequential(true).withDigits(3)))
                .containsExactly("002_add_x.up.sql", "002_add_x.down.sql");
    }

    @Test
    void sequenceReadsTheLastNameInLexicalOrderWithThatExtension() throws IOException {
        Files.createFile(dir.resolve("000002_a.up.sql"));
        Files.createFile(dir.resolve("10_b.up.sql"));
        Files.createFile(dir.resolve("99_ignored.up.txt"));

        assertThat(create("c", Options.of("sql").withSequential(true)))
                .containsExactly("000011_c.up.sql", "000011_c.down.sql");
    }

    @Test
    void sequenceWiderThanDigitsIsAnError() throws IOException {
        Files.createFile(dir.resolve("999_last.up.sql"));

        expectError(MigrationNames.create(dir, "next", Options.of("sql").withSequential(true).withDigits(3)),
                "next sequence number 1000 too large, at most 3 digits are allowed");
        expectError(MigrationNames.create(dir, "next", Options.of("sql").withSequential(true).withDigits(0)),
                "digits must be positive");
    }

    @Test
    void sequenceNeedsANumberInTheLastName() throws IOException {
        Files.createFile(dir.resolve("schema.sql"));

        expectError(MigrationNames.create(dir, "next", Options.of("sql").withSequential(true)),
                "malformed migration filename: schema.sql");
    }

    @Test
    void timestampWithTheDefaultLayout() {
        assertThat(create("add_ts", Options.of("sql").withClock(CLOCK)))
                .containsExactly("20261204174915_add_ts.up.sql", "20261204174915_add_ts.down.sql");
    }

    @Test
    void timestampInAnotherZone() {
        assertThat(create("berlin", Options.of("sql").withClock(CLOCK).withZone(ZoneId.of("Europe/Berlin"))))
                .containsExactly("20261204184915_berlin.up.sql", "20261204184915_berlin.down.sql");
    }

    @Test
    void unixAndUnixNanoFormats() {
        assertThat(create("s", Options.of("sql").withClock(CLOCK).withFormat("unix")))
                .containsExactly(NOW.getEpochSecond() + "_s.up.sql", NOW.getEpochSecond() + "_s.down.sql");
        assertThat(create("ns", Options.of("sql").withClock(CLOCK).withFormat("unixNano")))
                .containsExactly(NOW.getEpochSecond() + "120300000_ns.up.sql",
                        NOW.getEpochSecond() + "120300000_ns.down.sql");
    }

    @Test
    void duplicateVersionIsAnErrorAndNothingIsOverwritten() throws IOException {
        Options options = Options.of("sql").withClock(CLOCK);
        create("first", options);
        Files.writeString(dir.resolve("20261204174915_first.up.sql"), "kept");

        expectError(MigrationNames.create(dir, "second", options), "duplicate migration version: 20261204174915");
        expectError(MigrationNames.create(dir, "first", options), "duplicate migration version: 20261204174915");
        assertThat(dir.resolve("20261204174915_first.up.sql")).hasContent("kept");
        assertThat(dir.resolve("20261204174915_second.up.sql")).doesNotExist();
    }

    @Test
    void seqAndFormatAreMutuallyExclusive() {
        expectError(MigrationNames.create(dir, "x", Options.of("sql").withSequential(true).withFormat("unix")),
                "the seq and format options are mutually exclusive");
    }

    @Test
    void extensionIsRequired() {
        assertThatThrownBy(() -> Options.of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-ext flag must be specified");
        assertThatThrownBy(() -> Options.of("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Options.of("sql").extension()).isEqualTo(".sql");
        assertThat(Options.of(".sql").extension()).isEqualTo(".sql");
    }

    @Test
    void emptyFormatIsAnError() {
        expectError(MigrationNames.create(dir, "x", Options.of("sql").withFormat("")), "time format may not be empty");
    }

    @Test
    void createsTheFolderAndWritesNothingBeforeSubscription() {
        Path nested = dir.resolve("a/b");
        Mono<List<Path>> create = MigrationNames.create(nested, "init", Options.of("sql").withSequential(true));
        assertThat(nested).doesNotExist();

        StepVerifier.create(create)
                .assertNext(paths -> assertThat(paths).containsExactly(nested.resolve("000001_init.up.sql"),
                        nested.resolve("000001_init.down.sql")))
                .verifyComplete();
    }

    @Test
    void nameMustBeAFileNamePart() {
        assertThatThrownBy(() -> MigrationNames.create(dir, " ", Options.of("sql")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MigrationNames.create(dir, "a/b", Options.of("sql")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileNames() {
        assertThat(MigrationNames.fileName("000001", "init", Direction.UP, "sql")).isEqualTo("000001_init.up.sql");
        assertThat(MigrationNames.fileName("7", "x", Direction.DOWN, ".cql")).isEqualTo("7_x.down.cql");
    }

    @Test
    void createdNamesAreReadBack() {
        create("init", Options.of("sql").withSequential(true));
        create("more", Options.of("sql").withSequential(true));

        MigrationDirectory d = MigrationDirectory.load(dir).block(WAIT);
        assertThat(d.versions()).containsExactly(1L, 2L);
        assertThat(d.down(2).orElseThrow().name()).isEqualTo("more");
    }

    @Test
    void goLayouts() {
        ZonedDateTime t = NOW.atZone(ZoneId.of("UTC"));

        assertThat(GoTimeLayout.format(t, "20060102150405")).isEqualTo("20261204174915");
        assertThat(GoTimeLayout.format(t, "2006-01-02_1504")).isEqualTo("2026-12-04_1749");
        assertThat(GoTimeLayout.format(t, "Mon Jan _2 15:04:05 MST 2006")).isEqualTo("Fri Dec  4 17:49:15 UTC 2026");
        assertThat(GoTimeLayout.format(t, "Monday, 02-January-06 3:04PM")).isEqualTo("Friday, 04-December-26 5:49PM");
        assertThat(GoTimeLayout.format(t, "060102_150405.000")).isEqualTo("261204_174915.120");
        assertThat(GoTimeLayout.format(t, "05.999999999|05,000000")).isEqualTo("15.1203|15,120300");
        assertThat(GoTimeLayout.format(t, "Z07:00 -0700 -07")).isEqualTo("Z +0000 +00");
        assertThat(GoTimeLayout.format(t, "002 __2 _2006")).isEqualTo("338 338 _2026");
        assertThat(GoTimeLayout.format(t, "v1 Janet pm")).isEqualTo("v12 Janet pm");
        assertThat(GoTimeLayout.format(t, "x.0001 abc")).isEqualTo("x.0012 abc");

        ZonedDateTime india = NOW.atZone(ZoneId.of("Asia/Kolkata"));
        assertThat(GoTimeLayout.format(india, "15:04 Z07:00 -0700 Z070000")).isEqualTo("23:19 +05:30 +0530 +053000");
    }
}
