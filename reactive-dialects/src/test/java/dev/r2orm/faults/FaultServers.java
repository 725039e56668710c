package dev.r2orm.faults;

import dev.r2orm.testkit.ServerLocator;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The second servers of {@code .ci/fault-servers}, which fault tests may stop, kill and restart: PostgreSQL on
 * {@code 127.0.0.1:5442} and MariaDB on {@code 127.0.0.1:3316}. The script is found by walking up from the working
 * directory to the folder that holds {@code .ci}.
 *
 * <p>A server that does not answer fails the test when {@code R2ORM_REQUIRE_DATABASES=true}, else skips it with a
 * loud line; the tests never start the servers themselves ({@code .ci/fault-servers start} does, as root).
 */
public final class FaultServers {

    /** The fault PostgreSQL cluster. */
    public static final String POSTGRES_URL = "r2dbc:postgresql://postgres@127.0.0.1:5442/test";
    /** The fault MariaDB instance. */
    public static final String MARIADB_URL = "r2dbc:mysql://root@127.0.0.1:3316/test";
    /** The port of {@link #POSTGRES_URL}. */
    public static final int POSTGRES_PORT = 5442;
    /** The port of {@link #MARIADB_URL}. */
    public static final int MARIADB_PORT = 3316;

    /** The schema (PostgreSQL) or database (MariaDB) of this JVM on the fault servers. */
    static final String RUN = "r2orm_faults_" + ProcessHandle.current().pid();

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> PROBED = new ConcurrentHashMap<>();
    private static final Map<String, String> ISOLATED = new ConcurrentHashMap<>();

    private FaultServers() {
    }

    /**
     * The URL of this JVM's own schema (PostgreSQL) or database (MariaDB) on a fault server, created on first use and
     * dropped when the JVM exits.
     *
     * @param serverUrl {@link #POSTGRES_URL} or {@link #MARIADB_URL}
     * @return the isolated URL
     * @throws AssertionError when the server does not answer and {@code R2ORM_REQUIRE_DATABASES=true}
     * @throws org.opentest4j.TestAbortedException when it does not answer otherwise
     */
    public static String require(String serverUrl) {
        String failure = PROBED.computeIfAbsent(serverUrl, u -> {
            String why = probe(u);
            System.err.println("[r2orm faults] " + u + ": " + (why.isEmpty() ? "ok" : "NOT AVAILABLE: " + why));
            return why;
        });
        if (!failure.isEmpty()) {
            String message = "fault server " + serverUrl + " does not answer (" + failure
                    + "); start it with .ci/fault-servers start (as root)";
            if (ServerLocator.databasesRequired()) {
                throw new AssertionError(message + "; R2ORM_REQUIRE_DATABASES=true forbids skipping");
            }
            System.err.println("[r2orm faults] SKIPPED: " + message);
            Assumptions.abort("SKIPPED: " + message);
        }
        return ISOLATED.computeIfAbsent(serverUrl, FaultServers::isolate);
    }

    /** Restarts PostgreSQL ({@code -m fast}: sessions are terminated) and waits until it accepts connections. */
    public static void restartPostgres() {
        run("restart-pg", "fast");
    }

    /** Stops PostgreSQL ({@code -m fast}). */
    public static void stopPostgres() {
        run("stop-pg");
    }

    /** Starts PostgreSQL and waits until it accepts connections. */
    public static void startPostgres() {
        run("start-pg");
    }

    /** Kills MariaDB with SIGKILL: no clean shutdown, every connection dropped. */
    public static void killMariadb() {
        run("kill-mariadb");
    }

    /** Starts MariaDB (crash recovery included) and waits until it answers. */
    public static void startMariadb() {
        run("start-mariadb");
    }

    /** Stops MariaDB cleanly. */
    public static void stopMariadb() {
        run("stop-mariadb");
    }

    /**
     * Runs {@code .ci/fault-servers} with arguments and waits for it (at most 2 minutes).
     *
     * @param args the command and its arguments
     * @return what it printed
     * @throws AssertionError with its output when it fails or takes too long
     */
    public static String run(String... args) {
        return runScript("fault-servers", args);
    }

    /**
     * Runs a script of {@code .ci} with arguments and waits for it (at most 2 minutes).
     *
     * @param name the script's name, {@code fault-servers} or {@code replica-servers}
     * @param args the command and its arguments
     * @return what it printed
     * @throws AssertionError with its output when it fails or takes too long
     */
    public static String runScript(String name, String... args) {
        Path script = repoRoot().resolve(".ci").resolve(name);
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        Path output = null;
        try {
            output = Files.createTempFile(name, ".log");
            // to a file, not a pipe: a server it starts must not keep our pipe open
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            boolean done = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String printed = Files.readString(output, StandardCharsets.UTF_8).trim();
            if (!done) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + SCRIPT_TIMEOUT
                        + ":\n" + printed);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
                        + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /**
     * The repository's root: the nearest folder at or above the working directory that holds {@code .ci}.
     *
     * @return its path
     * @throws AssertionError when there is none
     */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(".ci").resolve("fault-servers"))) {
                return d;
            }
        }
        throw new AssertionError("no .ci/fault-servers at or above " + dir);
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /** An empty string when {@code SELECT 1} works, else why not. */
    private static String probe(String url) {
        try {
            Object one = Admin.query(url, "SELECT 1", PROBE_TIMEOUT).get(0).get(0);
            return ((Number) one).intValue() == 1 ? "" : "SELECT 1 returned " + one;
        } catch (RuntimeException e) {
            Throwable t = Exceptions.unwrap(e);
            while (t.getMessage() == null && t.getCause() != null) {
                t = t.getCause();
            }
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
    }

    private static String isolate(String url) {
        boolean postgres = url.startsWith("r2dbc:postgresql:");
        Admin.exec(url, postgres ? "CREATE SCHEMA IF NOT EXISTS " + RUN : "CREATE DATABASE IF NOT EXISTS " + RUN);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Admin.exec(url, postgres ? "DROP SCHEMA IF EXISTS " + RUN + " CASCADE"
                        : "DROP DATABASE IF EXISTS " + RUN);
            } catch (RuntimeException e) {
                System.err.println("[r2orm faults] could not drop " + RUN + " on " + url + ": " + e);
            }
        }, "r2orm-faults-cleanup"));
        return postgres ? url + "?schema=" + RUN : url.substring(0, url.lastIndexOf('/') + 1) + RUN;
    }

    /** Plain R2DBC on a connection of its own each time: setup and checks that do not go through r2orm. */
    static final class Admin {

        private static final Duration TIMEOUT = Duration.ofSeconds(30);

        private Admin() {
        }

        static List<List<Object>> query(String url, String sql) {
            return query(url, sql, TIMEOUT);
        }

        static List<List<Object>> query(String url, String sql, Duration timeout) {
            return Flux.usingWhen(Mono.from(ConnectionFactories.get(url).create()),
                            c -> Flux.from(c.createStatement(sql).execute())
                                    .concatMap(r -> r.map((row, meta) -> {
                                        List<Object> values = new ArrayList<>();
                                        for (int i = 0; i < meta.getColumnMetadatas().size(); i++) {
                                            values.add(row.get(i));
                                        }
                                        return values;
                                    })),
                            Connection::close)
                    .collectList()
                    .block(timeout);
        }

        static void exec(String url, String sql) {
            Flux.usingWhen(Mono.from(ConnectionFactories.get(url).create()),
                            c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()),
                            Connection::close)
                    .then()
                    .block(TIMEOUT);
        }
    }
}
