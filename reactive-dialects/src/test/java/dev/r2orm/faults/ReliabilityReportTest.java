package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Turns the figures of the fault tests ({@code target/reliability/figures.jsonl}) into
 * {@code target/reliability-report.md}: one table per database. Runs last in the fault profile (which orders classes
 * by {@link ClassOrderer.OrderAnnotation}); {@link #main} writes the same report from any figures file.
 */
@Tag("faults")
@Order(Integer.MAX_VALUE)
class ReliabilityReportTest {

    static final Path REPORT = Path.of("target", "reliability-report.md");

    @Test
    void writesTheReport() throws IOException {
        if (!Files.exists(Figures.FILE)) {
            System.out.println("[faults] no figures in " + Figures.FILE + ": no report written");
            return;
        }
        String report = write(Figures.FILE, REPORT);
        System.out.println("[faults] " + REPORT.toAbsolutePath() + ":\n" + report);
        assertThat(report).contains("| fault |");
    }

    /**
     * Writes the report.
     *
     * @param args the figures file and the report file; by default those under {@code target/}
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path figures = args.length > 0 ? Path.of(args[0]) : Figures.FILE;
        Path report = args.length > 1 ? Path.of(args[1]) : REPORT;
        write(figures, report);
        System.out.println("wrote " + report.toAbsolutePath());
    }

    static String write(Path figures, Path report) throws IOException {
        List<Figures> all = new ArrayList<>();
        for (String line : Files.readAllLines(figures, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(Figures.parse(line));
            }
        }
        String text = render(all);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text, StandardCharsets.UTF_8);
        return text;
    }

    static String render(List<Figures> all) {
        Map<String, List<Figures>> byDatabase = new LinkedHashMap<>();
        for (String database : List.of("PostgreSQL", "MariaDB", "H2")) {
            byDatabase.put(database, new ArrayList<>());
        }
        for (Figures f : all) {
            byDatabase.computeIfAbsent(f.database(), d -> new ArrayList<>()).add(f);
        }
        StringBuilder md = new StringBuilder();
        md.append("# Reliability under faults\n\n")
                .append("Run of ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(". Written by ")
                .append("`mvn -B -Pfaults -pl reactive-core,reactive-dialects verify` (after `.ci/fault-servers start`)")
                .append(" from `target/reliability/figures.jsonl`.\n\n")
                .append("- **operations**: operations run during the fault (and around it, for load tests)\n")
                .append("- **failed**: failed operations by exception type; `hung` = no signal within the test's cap\n")
                .append("- **longest wait**: the longest any operation took to succeed or fail\n")
                .append("- **recovered in**: from the end of the fault to the first success (`-` = not measured)\n")
                .append("- **lost**: acknowledged writes missing afterwards, plus transactions found half-written\n")
                .append("- **ambiguous**: failed writes found committed afterwards (the caller was told the outcome "
                        + "may be unknown)\n")
                .append("- **pool after**: the pool once the test was done\n");
        byDatabase.forEach((database, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            md.append("\n## ").append(database).append("\n\n")
                    .append("| fault | operations | failed | longest wait ms | recovered in ms | lost | ambiguous "
                            + "| pool after |\n")
                    .append("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |\n");
            for (Figures f : rows) {
                md.append("| ").append(f.fault()).append(" | ").append(f.operations()).append(" | ")
                        .append(f.failedText()).append(" | ").append(f.longestWaitMs()).append(" | ")
                        .append(f.recoverMs() < 0 ? "-" : String.valueOf(f.recoverMs())).append(" | ")
                        .append(f.lostWrites()).append(" | ").append(f.ambiguousWrites()).append(" | ")
                        .append(f.poolAfter()).append(" |\n");
            }
        });
        return md.toString();
    }
}
