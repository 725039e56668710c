package dev.r2orm.testkit;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Finds the database servers the test kit runs against, once per JVM.
 *
 * <p>For each {@link ServerKind} the search stops at the first step that yields a server:
 *
 * <ol>
 *   <li>the environment variable {@link ServerKind#urlVariable()} ({@code R2ORM_POSTGRES_URL} or
 *       {@code R2ORM_MYSQL_URL}): when set and not blank its value is used as-is, without probing,
 *       so that a wrong explicit URL fails the tests loudly instead of being replaced;
 *   <li>a server on the default local port ({@code 127.0.0.1:5432}, user {@code postgres}, no
 *       password, database {@code test}; {@code 127.0.0.1:3306}, user {@code root}, empty password,
 *       database {@code test}), accepted after a TCP connect and a real R2DBC {@code SELECT 1};
 *   <li>a Testcontainers container ({@code postgres:15} or {@code mariadb:10.11}), only when
 *       Testcontainers reports a usable Docker engine; the container is left running for the rest
 *       of the JVM and removed by Testcontainers' Ryuk;
 *   <li>for PostgreSQL only, an embedded PostgreSQL (zonky), closed by a JVM shutdown hook.
 * </ol>
 *
 * <p>When {@link #databasesRequired()} is true (CI), steps 3 and 4 are skipped: the servers must be
 * the real ones the CI script started, and a server that is down must fail the build rather than
 * be replaced silently.
 *
 * <p>{@link #locate(ServerKind)} prints one line per server to {@code System.err} the first time it
 * runs: where the server came from, or, loudly, that it is not available.
 */
public final class ServerLocator {

    /** Environment variable that, when {@code "true"} (any case), forbids the fallback servers. */
    public static final String REQUIRE_DATABASES_VARIABLE = "R2ORM_REQUIRE_DATABASES";

    /** Host of the local servers probed in step 2. */
    static final String LOCAL_HOST = "127.0.0.1";

    /** Docker image of the PostgreSQL container. */
    static final String POSTGRES_IMAGE = "postgres:15";

    /** Docker image of the MariaDB container. */
    static final String MARIADB_IMAGE = "mariadb:10.11";

    /** Docker image of the MySQL 8 container. */
    static final String MYSQL_IMAGE = "mysql:8.0";

    /** Source of a server started with Testcontainers. */
    static final String SOURCE_TESTCONTAINERS = "Testcontainers";

    /** Source of the embedded PostgreSQL server. */
    static final String SOURCE_EMBEDDED = "embedded PostgreSQL (zonky)";

    /** Source recorded when no server was found. */
    static final String SOURCE_NONE = "none";

    private static final Duration TCP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final String SKIPPED = "skipped (" + REQUIRE_DATABASES_VARIABLE + "=true)";
    private static final String PREFIX = "[r2orm testkit] ";

    private static final ConcurrentMap<ServerKind, CompletableFuture<Located>> LOCATED =
            new ConcurrentHashMap<>();

    private ServerLocator() {}

    /**
     * The outcome of the search for one server.
     *
     * @param kind the server that was searched for; never null
     * @param url the R2DBC URL of the server, usable with {@link ConnectionFactories#get(String)}, or
     *     {@code null} when no server was found
     * @param source where the server came from: the environment variable's name (for example {@code
     *     "R2ORM_POSTGRES_URL"}), {@code "local server 127.0.0.1:5432"}, {@code "Testcontainers"},
     *     {@code "embedded PostgreSQL (zonky)"}, or {@code "none"} when not found; never null
     * @param attempts every step tried, in order, separated by {@code "; "}, with why it failed (the
     *     step that succeeded, if any, is last); never null
     */
    public record Located(ServerKind kind, String url, String source, String attempts) {

        /**
         * Checks the components.
         *
         * @param kind the server searched for; must not be null
         * @param url the R2DBC URL, or null when not found
         * @param source where the server came from; must not be null
         * @param attempts the steps tried; must not be null
         */
        public Located {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(attempts, "attempts");
        }

        /**
         * Tells whether a server was found.
         *
         * @return true when {@link #url()} is not null
         */
        public boolean found() {
            return url != null;
        }

        /**
         * Describes the outcome with any password in the URL masked.
         *
         * @return a description safe to print in logs
         */
        @Override
        public String toString() {
            return "Located[kind=" + kind + ", url=" + (url == null ? null : redact(url))
                    + ", source=" + source + ", attempts=" + attempts + "]";
        }
    }

    /**
     * Tells why a Docker engine cannot be used, so the order logic can be tested without Docker.
     */
    @FunctionalInterface
    interface DockerCheck {

        /**
         * Checks for a Docker engine.
         *
         * @return null when an engine is usable, otherwise a short reason such as {@code "no engine"}
         */
        String whyUnavailable();
    }

    /**
     * Locates a server, searching only the first time it is asked for in this JVM and returning the
     * same result afterwards. Safe to call from several threads: a second caller waits for the
     * search already under way.
     *
     * <p>Uses the real environment, the local host {@code 127.0.0.1} with the server's default port,
     * and Testcontainers' own Docker check.
     *
     * @param kind the server to locate; must not be null
     * @return the outcome, found or not; never null
     */
    public static Located locate(ServerKind kind) {
        Objects.requireNonNull(kind, "kind");
        CompletableFuture<Located> mine = new CompletableFuture<>();
        CompletableFuture<Located> existing = LOCATED.putIfAbsent(kind, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            Located located = locate(
                    kind, System::getenv, LOCAL_HOST, kind.defaultPort(), ServerLocator::realDockerCheck);
            report(located, databasesRequired());
            mine.complete(located);
            return located;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Tells whether the real database servers are required, that is whether the environment
     * variable {@code R2ORM_REQUIRE_DATABASES} equals {@code "true"}, ignoring case. CI sets it so
     * that a missing server fails the build instead of being replaced or skipped.
     *
     * @return true when the servers are required
     */
    public static boolean databasesRequired() {
        return databasesRequired(System::getenv);
    }

    /**
     * Reads {@code R2ORM_REQUIRE_DATABASES} from the given environment.
     *
     * @param env the environment lookup; returns null for an unset variable
     * @return true when the variable equals {@code "true"}, ignoring case and surrounding blanks
     */
    static boolean databasesRequired(Function<String, String> env) {
        String value = env.apply(REQUIRE_DATABASES_VARIABLE);
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /**
     * Runs the search without memoizing it and without printing, with everything it reads injected.
     *
     * @param kind the server to locate
     * @param env the environment lookup; returns null for an unset variable
     * @param host the host of the local server probed in step 2
     * @param port the port of the local server probed in step 2
     * @param docker the Docker check consulted before starting a container
     * @return the outcome; never null
     */
    static Located locate(
            ServerKind kind, Function<String, String> env, String host, int port, DockerCheck docker) {
        List<String> attempts = new ArrayList<>();

        // a. the explicit URL wins, unprobed
        String variable = kind.urlVariable();
        String explicit = env.apply(variable);
        if (explicit != null && !explicit.isBlank()) {
            attempts.add(variable + " set");
            return new Located(kind, explicit.trim(), variable, String.join("; ", attempts));
        }
        attempts.add(variable + (explicit == null ? " unset" : " blank"));

        // b. a local server on the default port
        String local = localUrl(kind, host, port);
        String where = hostAndPort(host, port);
        String tcpFailure = port > 0 ? tcpFailure(host, port) : null;
        if (port <= 0) {
            attempts.add("no local server is probed for " + kind.displayName());
        } else if (tcpFailure != null) {
            attempts.add(where + ": " + tcpFailure);
        } else {
            String queryFailure = queryFailure(local);
            if (queryFailure == null) {
                attempts.add(where + ": ok");
                return new Located(kind, local, "local server " + where, String.join("; ", attempts));
            }
            attempts.add(where + ": port open but SELECT 1 as " + localUser(kind) + " on database test"
                    + " failed: " + queryFailure);
        }

        boolean required = databasesRequired(env) && kind.requiredInCi();

        // c. Testcontainers, only with a Docker engine
        if (required) {
            attempts.add("Testcontainers: " + SKIPPED);
        } else {
            String dockerFailure = docker.whyUnavailable();
            if (dockerFailure != null) {
                attempts.add("Testcontainers: Docker " + dockerFailure);
            } else {
                String image = kind == ServerKind.POSTGRESQL ? POSTGRES_IMAGE
                        : kind == ServerKind.MYSQL ? MYSQL_IMAGE : MARIADB_IMAGE;
                try {
                    String url = Containers.start(kind, image);
                    attempts.add("Testcontainers: started " + image);
                    return new Located(kind, url, SOURCE_TESTCONTAINERS, String.join("; ", attempts));
                } catch (Exception | LinkageError e) {
                    attempts.add("Testcontainers: " + image + " failed: " + describe(e));
                }
            }
        }

        // d. embedded PostgreSQL
        if (kind == ServerKind.POSTGRESQL) {
            if (required) {
                attempts.add("embedded PostgreSQL: " + SKIPPED);
            } else {
                try {
                    String url = Embedded.start();
                    attempts.add("embedded PostgreSQL: started");
                    return new Located(kind, url, SOURCE_EMBEDDED, String.join("; ", attempts));
                } catch (Exception | LinkageError e) {
                    attempts.add("embedded PostgreSQL: failed: " + describe(e));
                }
            }
        }

        // e. nothing
        return new Located(kind, null, SOURCE_NONE, String.join("; ", attempts));
    }

    /**
     * Builds the R2DBC URL of a local server with the test kit's conventional credentials.
     *
     * @param kind the server
     * @param host the host
     * @param port the port
     * @return for example {@code r2dbc:postgresql://postgres@127.0.0.1:5432/test}
     */
    static String localUrl(ServerKind kind, String host, int port) {
        String driver = kind == ServerKind.POSTGRESQL ? "postgresql" : "mysql";
        return "r2dbc:" + driver + "://" + localUser(kind) + "@" + hostAndPort(host, port) + "/test";
    }

    /**
     * Connects once through R2DBC and runs {@code SELECT 1}, waiting at most 10 seconds.
     *
     * @param url the R2DBC URL
     * @return null on success, otherwise a one-line reason
     */
    static String queryFailure(String url) {
        try {
            ConnectionFactory factory = ConnectionFactories.get(url);
            String one = Mono.usingWhen(
                            Mono.from(factory.create()),
                            connection -> Mono.from(connection.createStatement("SELECT 1").execute())
                                    .flatMap(result -> Mono.from(
                                            result.map((row, metadata) -> String.valueOf(row.get(0))))),
                            Connection::close)
                    .block(QUERY_TIMEOUT);
            return "1".equals(one) ? null : "SELECT 1 returned " + one;
        } catch (RuntimeException e) {
            return describe(Exceptions.unwrap(e));
        }
    }

    /**
     * Masks the password in the user-info part of a URL.
     *
     * @param url a URL such as {@code r2dbc:mysql://user:secret@host:3306/db}
     * @return the URL with the password replaced by {@code ***}
     */
    static String redact(String url) {
        return url.replaceFirst("(://[^/@:]*):[^/@]*@", "$1:***@");
    }

    private static String localUser(ServerKind kind) {
        return kind == ServerKind.POSTGRESQL ? "postgres" : "root";
    }

    private static String hostAndPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String tcpFailure(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TCP_TIMEOUT.toMillis());
            return null;
        } catch (ConnectException e) {
            String message = e.getMessage();
            return message != null && message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused"
                    : describe(e);
        } catch (SocketTimeoutException e) {
            return "no answer within " + TCP_TIMEOUT.toMillis() + " ms";
        } catch (IOException | RuntimeException e) {
            return describe(e);
        }
    }

    private static String realDockerCheck() {
        try {
            return Containers.dockerAvailable() ? null : "no engine";
        } catch (Exception | LinkageError e) {
            return "check failed: " + describe(e);
        }
    }

    private static String describe(Throwable error) {
        Throwable shown = error;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        String text = shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.replaceAll("\\s+", " ").trim();
    }

    private static String encode(String component) {
        return URLEncoder.encode(component, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void report(Located located, boolean required) {
        String name = located.kind().displayName();
        if (located.found()) {
            System.err.println(PREFIX + name + ": using " + located.source()
                    + " (" + redact(located.url()) + ")");
        } else if (!located.kind().requiredInCi()) {
            System.err.println(PREFIX + name + " not available: its tests are not part of this run (set "
                    + located.kind().urlVariable() + " or start a Docker engine; attempts: " + located.attempts()
                    + ")");
        } else if (required) {
            System.err.println(PREFIX + name + " NOT AVAILABLE although " + REQUIRE_DATABASES_VARIABLE
                    + "=true (attempts: " + located.attempts() + ")");
        } else {
            System.err.println(PREFIX + name + " NOT AVAILABLE: tests on " + name
                    + " are SKIPPED (attempts: " + located.attempts() + ")");
        }
    }

    /** Testcontainers access, kept apart so that a missing Testcontainers fails only step c. */
    private static final class Containers {

        private Containers() {}

        static boolean dockerAvailable() {
            return DockerClientFactory.instance().isDockerAvailable();
        }

        /** Starts a container, checks it with {@code SELECT 1} and returns its R2DBC URL. */
        static String start(ServerKind kind, String image) {
            JdbcDatabaseContainer<?> container = kind == ServerKind.POSTGRESQL
                    ? new PostgreSQLContainer(DockerImageName.parse(image))
                    : kind == ServerKind.MYSQL ? new MySQLContainer(DockerImageName.parse(image))
                    : new MariaDBContainer(DockerImageName.parse(image));
            container.start();
            int internalPort = kind == ServerKind.POSTGRESQL ? 5432 : 3306;
            String url = "r2dbc:" + (kind == ServerKind.POSTGRESQL ? "postgresql" : "mysql") + "://"
                    + encode(container.getUsername()) + ":" + encode(container.getPassword()) + "@"
                    + hostAndPort(container.getHost(), container.getMappedPort(internalPort)) + "/"
                    + encode(container.getDatabaseName());
            String failure = queryFailure(url);
            if (failure != null) {
                container.stop();
                throw new IllegalStateException("container started but SELECT 1 failed: " + failure);
            }
            return url;
        }
    }

    /** Embedded PostgreSQL access, kept apart so that a missing zonky fails only step d. */
    private static final class Embedded {

        private Embedded() {}

        /**
         * Starts embedded PostgreSQL, registers a shutdown hook that closes it, checks it with {@code
         * SELECT 1} and returns its R2DBC URL.
         */
        static String start() throws IOException {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false)
                    .start();
            String url = "r2dbc:postgresql://postgres@" + LOCAL_HOST + ":" + postgres.getPort()
                    + "/postgres";
            String failure = queryFailure(url);
            if (failure != null) {
                postgres.close();
                throw new IllegalStateException(
                        "started on port " + postgres.getPort() + " but SELECT 1 failed: " + failure);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    System.err.println(PREFIX + "closing embedded PostgreSQL failed: " + describe(e));
                }
            }, "r2orm-embedded-postgres-shutdown"));
            return url;
        }
    }
}
