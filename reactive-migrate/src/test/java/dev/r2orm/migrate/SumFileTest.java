package dev.r2orm.migrate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.r2orm.migrate.SumFile.Entry;
import dev.r2orm.migrate.SumFile.Kind;
import dev.r2orm.migrate.SumFile.Mismatch;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SumFileTest {

    /** Atlas's sql/migrate/testdata/migrate: a golang-migrate pair and the atlas.sum Atlas wrote for it. */
    private static final String ATLAS_SUM = """
            h1:M74RrNK69S2pj6C541LR1ew5O32/i0WoyNgsJmyuiUk=
            1_initial.down.sql h1:0zypK43rgPbgvVUgVJABGN25VgM1QSeU+LJDBb8cEQI=
            1_initial.up.sql h1:hFhs5XhRml4KTWGF5td6h1s7xNqAFnaEBbC5Y/NF7i4=
            """;

    private static SortedMap<String, byte[]> atlasFiles() {
        return files("1_initial.down.sql", "DROP TABLE IF EXISTS t;", "1_initial.up.sql", "CREATE TABLE t(c int);");
    }

    private static SortedMap<String, byte[]> files(String... namesAndContents) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(UTF_8));
        }
        return files;
    }

    private static SortedMap<String, byte[]> three() {
        return files("1_a.up.sql", "CREATE TABLE a(id int);\n", "2_b.up.sql", "CREATE TABLE b(id int);\n",
                "3_c.up.sql", "CREATE TABLE c(id int);\n");
    }

    @Test
    void computesWhatAtlasWroteForItsTestdata() {
        assertThat(SumFile.of(atlasFiles()).text()).isEqualTo(ATLAS_SUM);
    }

    @Test
    void computesWhatAtlasWroteForItsSubTestdata() {
        SortedMap<String, byte[]> files = files(
                "1.a_sub.up.sql", "-- create table \"t_sub\"\nCREATE TABLE t_sub(c int);\n-- add c1 column\n"
                        + "ALTER TABLE t_sub ADD c1 int;",
                "2.10.x-20_description.sql", "-- add c2 column\nALTER TABLE t_sub ADD c2 int;",
                "3_partly.sql", "-- add c3 column\nALTER TABLE t_sub ADD c3 int;\n-- add c4 column\n"
                        + "ALTER TABLE t_sub ADD c4 int;");
        assertThat(SumFile.of(files).text()).isEqualTo("""
                h1:VpH77zWOBMwX5QhvnQo0XQvXCrOYZg4h1o0XlJTQnl0=
                1.a_sub.up.sql h1:nXyZR020M/mH7LxkoTkJr7BcQkipVg90imQ9I4595dw=
                2.10.x-20_description.sql h1:wQB3Vh3PHVXQg9OD3Gn7TBxbZN3r1Qb7TtAE1g3q9mQ=
                3_partly.sql h1:lHlMz6mEvBfvjry5lFXjs2vi6Et9xb9CWicaOXD42Qc=
                """);
    }

    @Test
    void parsesAtlasTextAndMatchesTheDirectory() {
        SumFile recorded = SumFile.parse(ATLAS_SUM);
        assertThat(recorded.sum()).isEqualTo("h1:M74RrNK69S2pj6C541LR1ew5O32/i0WoyNgsJmyuiUk=");
        assertThat(recorded.entries()).containsExactly(
                new Entry("1_initial.down.sql", "h1:0zypK43rgPbgvVUgVJABGN25VgM1QSeU+LJDBb8cEQI="),
                new Entry("1_initial.up.sql", "h1:hFhs5XhRml4KTWGF5td6h1s7xNqAFnaEBbC5Y/NF7i4="));
        assertThat(recorded).isEqualTo(SumFile.of(atlasFiles()));
        assertThat(recorded.check(SumFile.of(atlasFiles()))).isEmpty();
    }

    @Test
    void roundTripsItsText() {
        SumFile sum = SumFile.of(three());
        assertThat(SumFile.parse(sum.text())).isEqualTo(sum);
        assertThat(SumFile.parse(sum.text()).text()).isEqualTo(sum.text());
        assertThat(SumFile.parse(sum.text().replace("\n", "\r\n"))).isEqualTo(sum);
        assertThat(SumFile.parse(sum.text().stripTrailing())).isEqualTo(sum);
        assertThat(SumFile.of(new TreeMap<>()).text())
                .isEqualTo("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    }

    @Test
    void takesNamesInByteOrderWhateverTheMapsOrder() {
        SortedMap<String, byte[]> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(three());
        assertThat(SumFile.of(reversed)).isEqualTo(SumFile.of(three()));
    }

    @Test
    void chainsEachHashOverTheFilesBefore() {
        SumFile before = SumFile.of(three());
        SortedMap<String, byte[]> files = three();
        files.put("1_a.up.sql", "CREATE TABLE a(id bigint);\n".getBytes(UTF_8));
        SumFile after = SumFile.of(files);
        for (int i = 0; i < 3; i++) {
            assertThat(after.entries().get(i).hash()).isNotEqualTo(before.entries().get(i).hash());
        }
        assertThat(after.sum()).isNotEqualTo(before.sum());
    }

    @Test
    void leavesOutAFileWithTheIgnoreDirectiveButChainsItsName() {
        SortedMap<String, byte[]> files = three();
        files.put("2_b.up.sql", "-- atlas:sum ignore\nCREATE TABLE b(id int);\n".getBytes(UTF_8));
        SumFile sum = SumFile.of(files);
        // computed independently from the rules in Atlas's sql/migrate/dir.go
        assertThat(sum.text()).isEqualTo("""
                h1:TzHSYhCNhO608jdvGITn4nAPeR+X8ZnInmX9X1Z5uHk=
                1_a.up.sql h1:rS7knCW4dmNdLe8yPY4GMAf1foz8vryr/hSSpop3rho=
                3_c.up.sql h1:x+kBN04/0fhyuXO+HJptNk4C1VKZFLpIrfR0joHlLZ0=
                """);
        files.put("2_b.up.sql", "-- atlas:sum ignore\nanything else".getBytes(UTF_8));
        assertThat(SumFile.of(files)).isEqualTo(sum);
        files.remove("2_b.up.sql");
        assertThat(SumFile.of(files).entries().get(1).hash()).isNotEqualTo(sum.entries().get(1).hash());
    }

    @Test
    void readsTheDirectiveOnlyAsAtlasDoes() {
        assertThat(ignored("//atlas:sum ignore\nbar")).isTrue();
        assertThat(ignored("atlas:sum ignore")).isTrue();
        assertThat(ignored("-- atlas:sum  ignore\nx")).isTrue();
        assertThat(ignored("//atlas:sum\nfoo")).isFalse();
        assertThat(ignored("-- atlas:sum ignore \n")).isFalse();
        assertThat(ignored("-- atlas:sum ignore\r\n")).isFalse();
        assertThat(ignored("SELECT 1;\n-- atlas:sum ignore")).isFalse();
        assertThat(ignored("\t-- atlas:sum ignore")).isFalse();
        assertThat(ignored("-- atlas:summary ignore")).isFalse();
        assertThat(ignored("/* atlas:sum ignore */")).isFalse();
    }

    private static boolean ignored(String content) {
        return SumFile.of(files("x.sql", content)).entries().isEmpty();
    }

    @Test
    void reportsTheFirstEditedFileWithBothHashes() {
        SumFile recorded = SumFile.of(three());
        SortedMap<String, byte[]> files = three();
        files.put("2_b.up.sql", "CREATE TABLE b(id bigint);\n".getBytes(UTF_8));
        SumFile now = SumFile.of(files);
        Mismatch edited = new Mismatch("2_b.up.sql", Kind.EDITED, recorded.entries().get(1).hash(),
                now.entries().get(1).hash());
        assertThat(recorded.check(now)).containsExactly(edited);
        assertThat(edited.message()).contains("2_b.up.sql", edited.expected(), edited.actual());
    }

    @Test
    void reportsAddedAndRemovedFilesByName() {
        SumFile recorded = SumFile.of(three());
        SortedMap<String, byte[]> files = three();
        files.put("4_d.up.sql", "CREATE TABLE d(id int);\n".getBytes(UTF_8));
        SumFile now = SumFile.of(files);
        assertThat(recorded.check(now)).containsExactly(
                new Mismatch("4_d.up.sql", Kind.ADDED, null, now.entries().get(3).hash()));

        files = three();
        files.remove("2_b.up.sql");
        assertThat(recorded.check(SumFile.of(files))).containsExactly(
                new Mismatch("2_b.up.sql", Kind.REMOVED, recorded.entries().get(1).hash(), null));
    }

    @Test
    void reportsAnEditBeforeAnAdditionButNothingAfterIt() {
        SumFile recorded = SumFile.of(three());
        SortedMap<String, byte[]> files = three();
        files.put("1_a.up.sql", "CREATE TABLE a(id bigint);\n".getBytes(UTF_8));
        files.put("2_a.up.sql", "CREATE TABLE a2(id int);\n".getBytes(UTF_8));
        assertThat(recorded.check(SumFile.of(files))).extracting(Mismatch::name, Mismatch::kind)
                .containsExactly(tuple("1_a.up.sql", Kind.EDITED),
                        tuple("2_a.up.sql", Kind.ADDED));
    }

    @Test
    void reportsAHandEditedFirstLineAsTotal() {
        String zeros = "h1:" + "A".repeat(43) + "=";
        SumFile now = SumFile.of(atlasFiles());
        assertThat(SumFile.parse(zeros + ATLAS_SUM.substring(ATLAS_SUM.indexOf('\n'))).check(now))
                .containsExactly(new Mismatch(SumFile.FILE_NAME, Kind.TOTAL, zeros, now.sum()));
    }

    @Test
    void rejectsMalformedTextNamingTheLine() {
        assertThatThrownBy(() -> SumFile.parse(""))
                .isInstanceOf(MigrationException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SumFile.parse(ATLAS_SUM.replaceFirst("h1:", "foo")))
                .isInstanceOf(MigrationException.class).hasMessageContaining("line 1").hasMessageContaining("foo");
        assertThatThrownBy(() -> SumFile.parse(ATLAS_SUM + "foo"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("line 4").hasMessageContaining("\"foo\"");
        assertThatThrownBy(() -> SumFile.parse(ATLAS_SUM.replace("+LJDBb8cEQI=", "")))
                .isInstanceOf(MigrationException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SumFile.parse(ATLAS_SUM + "\n"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("line 4");
        assertThatThrownBy(() -> SumFile.parse(ATLAS_SUM + "1_initial.up.sql h1:hFhs5XhRml4KTWGF5td6h1s7xNqAFnaEB"
                + "bC5Y/NF7i4=\n")).isInstanceOf(MigrationException.class).hasMessageContaining("line 4");
    }
}
