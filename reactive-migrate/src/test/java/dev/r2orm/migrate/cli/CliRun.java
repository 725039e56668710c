package dev.r2orm.migrate.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One run of the tool in this JVM, with its output captured.
 *
 * @param code the exit code
 * @param err what it printed on standard error
 * @param out what it printed on standard output
 */
record CliRun(int code, String err, String out) {

    /**
     * Runs the tool.
     *
     * @param stdin what standard input holds
     * @param args the command line
     * @return the run
     */
    static CliRun run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = MigrateCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
        }
        return new CliRun(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    }

    /** @return the lines of standard error */
    List<String> lines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stderr\n" + err + "--- stdout\n" + out;
    }
}
