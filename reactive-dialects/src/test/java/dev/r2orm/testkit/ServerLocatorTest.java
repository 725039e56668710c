package dev.r2orm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r2orm.testkit.ServerLocator.DockerCheck;
import dev.r2orm.testkit.ServerLocator.Located;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/** Tests of the search order of {@link ServerLocator}, with an injected environment. */
class ServerLocatorTest {

    private static final String HOST = ServerLocator.LOCAL_HOST;

    /** A Docker check that fails the test when the search gets as far as Docker. */
    private static final DockerCheck NO_DOCKER_EXPECTED = () -> {
        throw new AssertionError("the Docker check must not be reached");
    };

    private static Function<String, String> env(Map<String, String> variables) {
        return variables::get;
    }

    private static Function<String, String> required() {
        return env(Map.of(ServerLocator.REQUIRE_DATABASES_VARIABLE, "true"));
    }

    /** Returns a port on which nothing listens (one the OS just handed out and took back). */
    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void explicitUrlWinsWithoutProbing(ServerKind kind) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName(HOST))) {
            int port = server.getLocalPort();
            String url = "r2dbc:postgresql://nobody:secret@" + HOST + ":" + port + "/nowhere";

            Located located = ServerLocator.locate(
                    kind, env(Map.of(kind.urlVariable(), url)), HOST, port, NO_DOCKER_EXPECTED);

            assertThat(located.found()).isTrue();
            assertThat(located.kind()).isEqualTo(kind);
            assertThat(located.url()).isEqualTo(url);
            assertThat(located.source()).isEqualTo(kind.urlVariable());
            assertThat(located.attempts()).isEqualTo(kind.urlVariable() + " set");
            assertThat(located.toString()).contains("nobody:***@").doesNotContain("secret");
            server.setSoTimeout(200);
            assertThatThrownBy(server::accept)
                    .as("nobody may have connected to the local port")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"POSTGRESQL", "MARIADB"})
    void blankExplicitUrlCountsAsUnset(ServerKind kind) throws IOException {
        int port = unusedPort();
        Function<String, String> env = env(Map.of(
                kind.urlVariable(), "  ", ServerLocator.REQUIRE_DATABASES_VARIABLE, "true"));

        Located located = ServerLocator.locate(kind, env, HOST, port, NO_DOCKER_EXPECTED);

        assertThat(located.found()).isFalse();
        assertThat(located.attempts()).startsWith(kind.urlVariable() + " blank; ");
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"POSTGRESQL", "MARIADB"})
    void requiredAndNothingListeningIsNotFoundWithoutFallbacks(ServerKind kind)
            throws IOException {
        int port = unusedPort();
        long start = System.nanoTime();

        Located located = ServerLocator.locate(kind, required(), HOST, port, NO_DOCKER_EXPECTED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(located.found()).isFalse();
        assertThat(located.url()).isNull();
        assertThat(located.source()).isEqualTo(ServerLocator.SOURCE_NONE);
        String skipped = "skipped (R2ORM_REQUIRE_DATABASES=true)";
        assertThat(located.attempts())
                .startsWith(kind.urlVariable() + " unset; ")
                .contains(HOST + ":" + port + ": connection refused")
                .contains("Testcontainers: " + skipped);
        if (kind == ServerKind.POSTGRESQL) {
            assertThat(located.attempts()).endsWith("embedded PostgreSQL: " + skipped);
        } else {
            assertThat(located.attempts()).doesNotContain("embedded");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"POSTGRESQL", "MARIADB"})
    void openPortWithoutWorkingServerIsRecordedAndPassedOver(ServerKind kind) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName(HOST))) {
            int port = server.getLocalPort();
            Thread closer = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "accept-and-close");
            closer.setDaemon(true);
            closer.start();

            Located located = ServerLocator.locate(kind, required(), HOST, port, NO_DOCKER_EXPECTED);

            assertThat(located.found()).isFalse();
            assertThat(located.attempts())
                    .contains(HOST + ":" + port + ": port open but SELECT 1 as ")
                    .contains("Testcontainers: skipped");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"POSTGRESQL", "MARIADB"})
    void localServerOnTheDefaultPortIsFound(ServerKind kind) {
        int port = kind.defaultPort();
        assumeTrue(listening(port), "no local " + kind.displayName() + " on port " + port);

        Located located = ServerLocator.locate(kind, required(), HOST, port, NO_DOCKER_EXPECTED);

        assertThat(located.found()).as(located.attempts()).isTrue();
        assertThat(located.source()).isEqualTo("local server " + HOST + ":" + port);
        assertThat(located.url()).isEqualTo(ServerLocator.localUrl(kind, HOST, port));
        assertThat(located.attempts())
                .isEqualTo(kind.urlVariable() + " unset; " + HOST + ":" + port + ": ok");
    }

    @Test
    void localUrlsFollowTheConventions() {
        assertThat(ServerLocator.localUrl(ServerKind.POSTGRESQL, HOST, 5432))
                .isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:5432/test");
        assertThat(ServerLocator.localUrl(ServerKind.MARIADB, HOST, 3306))
                .isEqualTo("r2dbc:mysql://root@127.0.0.1:3306/test");
    }

    @Test
    void databasesRequiredOnlyForTrueIgnoringCase() {
        String name = ServerLocator.REQUIRE_DATABASES_VARIABLE;
        assertThat(ServerLocator.databasesRequired(env(Map.of(name, "true")))).isTrue();
        assertThat(ServerLocator.databasesRequired(env(Map.of(name, "TRUE")))).isTrue();
        assertThat(ServerLocator.databasesRequired(env(Map.of(name, "false")))).isFalse();
        assertThat(ServerLocator.databasesRequired(env(Map.of(name, "1")))).isFalse();
        assertThat(ServerLocator.databasesRequired(env(Map.of()))).isFalse();
    }

    @Test
    void redactMasksOnlyThePassword() {
        assertThat(ServerLocator.redact("r2dbc:mysql://test:p%40ss@localhost:3306/test"))
                .isEqualTo("r2dbc:mysql://test:***@localhost:3306/test");
        assertThat(ServerLocator.redact("r2dbc:postgresql://postgres@127.0.0.1:5432/test"))
                .isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:5432/test");
    }

    @Test
    void locateIsMemoizedAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Located> task = () -> ServerLocator.locate(ServerKind.MARIADB);
            Future<Located> first = pool.submit(task);
            Future<Located> second = pool.submit(task);
            Located located = first.get();
            assertThat(second.get()).isSameAs(located);
            assertThat(ServerLocator.locate(ServerKind.MARIADB)).isSameAs(located);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts embedded PostgreSQL through the real code path: no explicit URL, nothing on the local
     * port, fallbacks allowed and Docker reported missing. Takes a few seconds.
     */
    @Test
    void embeddedPostgresIsTheLastResort() throws IOException {
        int port = unusedPort();
        DockerCheck noDocker = () -> "unavailable (test)";
        long start = System.nanoTime();

        Located located = ServerLocator.locate(ServerKind.POSTGRESQL, env(Map.of()), HOST, port,
                noDocker);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.err.println("[r2orm testkit] embedded PostgreSQL located in " + took.toMillis() + " ms");
        assertThat(located.found()).as(located.attempts()).isTrue();
        assertThat(located.source()).isEqualTo(ServerLocator.SOURCE_EMBEDDED);
        assertThat(located.attempts()).isEqualTo("R2ORM_POSTGRES_URL unset; "
                + HOST + ":" + port + ": connection refused; "
                + "Testcontainers: Docker unavailable (test); "
                + "embedded PostgreSQL: started");
        Object one = Mono.usingWhen(
                        Mono.from(ConnectionFactories.get(located.url()).create()),
                        connection -> Mono.from(connection.createStatement("SELECT 1").execute())
                                .flatMap(result -> Mono.from(result.map((row, metadata) -> row.get(0)))),
                        Connection::close)
                .block(Duration.ofSeconds(10));
        assertThat(one).isEqualTo(1);
    }

    @Test
    void mysql8IsNeverProbedLocallyAndMayUseDockerEvenWhenServersAreRequired() {
        Located located = ServerLocator.locate(ServerKind.MYSQL, required(), HOST, 0, () -> "no engine");
        assertThat(located.found()).isFalse();
        assertThat(located.attempts())
                .contains("no local server is probed for MySQL 8")
                .contains("Testcontainers: Docker no engine")
                .doesNotContain("skipped");
    }
}
