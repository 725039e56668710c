package dev.r2orm.migrate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/**
 * Where the tool talks, as golang-migrate does: every line on standard error, prefixed with the local date and time
 * when verbose ({@code 2006/01/02 15:04:05 }, Go's log format), and questions answered on standard input.
 */
final class Console {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss ", Locale.ROOT);

    private final InputStream in;
    private final PrintStream err;
    private boolean verbose;
    private @Nullable BufferedReader reader;

    Console(InputStream in, PrintStream err) {
        this.in = in;
        this.err = err;
    }

    void verbose(boolean value) {
        this.verbose = value;
    }

    /** Prints a text, each of its lines prefixed with the time when verbose. */
    void line(String text) {
        if (!verbose) {
            err.println(text);
        } else {
            String stamp = STAMP.format(ZonedDateTime.now());
            for (String l : text.split("\n", -1)) {
                err.println(stamp + l);
            }
        }
        err.flush();
    }

    /** Prints {@code error: <message>}, with the stack trace when verbose. */
    void error(Throwable failure) {
        Throwable e = Exceptions.unwrap(failure);
        line("error: " + message(e));
        if (verbose) {
            e.printStackTrace(err);
            err.flush();
        }
    }

    /**
     * Asks a yes-or-no question.
     *
     * @param question the question, ending with {@code [y/N]}
     * @return whether the line read is {@code y} (or {@code Y}); no line counts as no
     */
    boolean confirm(String question) {
        line(question);
        try {
            BufferedReader r = reader;
            if (r == null) {
                r = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
                reader = r;
            }
            String answer = r.readLine();
            return answer != null && answer.strip().equalsIgnoreCase("y");
        } catch (IOException e) {
            return false;
        }
    }

    /** The failure's message, followed by its root cause's when that one says something the message does not. */
    static String message(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName()
                : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        @Nullable String rootMessage = root == e ? null : root.getMessage() == null ? root.getClass().getName()
                : root.getMessage();
        if (rootMessage != null && !message.contains(rootMessage)) {
            message += " (" + rootMessage + ")";
        }
        return message;
    }
}
