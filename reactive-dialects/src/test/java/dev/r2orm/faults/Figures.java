package dev.r2orm.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one fault test measured: one line on standard output and one JSON line in
 * {@code target/reliability/figures.jsonl} (the file is started afresh by the first test of each run), which
 * {@link ReliabilityReportTest} turns into {@code target/reliability-report.md}.
 *
 * @param database the database's display name
 * @param fault what was done to it
 * @param operations operations attempted while the fault lasted (and around it, for load tests)
 * @param failed failed operations by exception type (simple class name), those that hung as {@code "hung"}
 * @param longestWaitMs the longest any operation took to succeed or fail
 * @param recoverMs from the end of the fault to the first success, -1 when not measured
 * @param lostWrites acknowledged writes missing afterwards (and transactions found half-written)
 * @param ambiguousWrites failed writes found committed afterwards
 * @param poolAfter the pool's state once the test was done
 */
record Figures(String database, String fault, int operations, Map<String, Integer> failed, long longestWaitMs,
        long recoverMs, int lostWrites, int ambiguousWrites, String poolAfter) {

    static final Path FILE = Path.of("target", "reliability", "figures.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean started;

    Figures {
        failed = new TreeMap<>(failed);
    }

    /** Prints the figures and appends them to {@link #FILE}. */
    void record() {
        System.out.println("[faults] " + this.line());
        synchronized (Figures.class) {
            try {
                Files.createDirectories(FILE.getParent());
                String json = JSON.writeValueAsString(this) + "\n";
                if (started) {
                    Files.writeString(FILE, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } else {
                    Files.writeString(FILE, json, StandardCharsets.UTF_8);
                    started = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** @return the figures on one line */
    String line() {
        return database + " | " + fault + " | " + operations + " ops | failed " + failedText() + " | longest wait "
                + longestWaitMs + " ms | recovered in " + (recoverMs < 0 ? "-" : recoverMs + " ms") + " | lost "
                + lostWrites + " | ambiguous " + ambiguousWrites + " | pool after: " + poolAfter;
    }

    /** @return {@code "none"} or {@code "3 ConnectionLostException, 1 ConnectionUnavailableException"} */
    String failedText() {
        return failed.isEmpty() ? "none" : failed.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /**
     * Reads figures back.
     *
     * @param json one line of {@link #FILE}
     * @return the figures
     */
    static Figures parse(String json) {
        try {
            return JSON.readValue(json, Figures.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a figures line: " + json, e);
        }
    }
}
