package dev.r2orm.testkit;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine of {@link DatabaseTest}: one invocation per database, each with a fresh {@link Db} on an emptied
 * database, and a leak check afterwards.
 */
public final class DatabaseExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DatabaseExtension.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(3);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(DatabaseTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        DatabaseTest spec = context.getRequiredTestMethod().getAnnotation(DatabaseTest.class);
        return Arrays.stream(spec.value())
                .filter(DatabaseExtension::partOfThisRun)
                .map(Invocation::new);
    }

    /** An optional server (MySQL 8) that cannot be had is left out of the run rather than reported as skipped. */
    private static boolean partOfThisRun(TestDatabase target) {
        return target.server().map(k -> k.requiredInCi() || ServerLocator.locate(k).found()).orElse(true);
    }

    /**
     * The URL of a target, or the reason it is missing: a failure when databases are required, else a skip.
     *
     * @param target the database
     * @param located where the locator found its server (ignored for H2)
     * @param required whether {@code R2ORM_REQUIRE_DATABASES=true}
     * @return the URL
     * @throws AssertionError naming the server when it is required and missing
     * @throws org.opentest4j.TestAbortedException when it is missing and not required
     */
    static String urlOrFail(TestDatabase target, Optional<ServerLocator.Located> located, boolean required) {
        if (target.server().isEmpty()) {
            return TestDatabase.H2_URL;
        }
        ServerLocator.Located l = located.orElseThrow();
        if (l.found()) {
            return l.url();
        }
        String why = target.server().get().displayName() + " is not available (" + l.attempts() + ")";
        if (required && target.server().get().requiredInCi()) {
            throw new AssertionError(why + "; R2ORM_REQUIRE_DATABASES=true forbids skipping "
                    + target.server().get().displayName() + " tests: start the server or set "
                    + target.server().get().urlVariable());
        }
        Assumptions.abort("SKIPPED: " + why);
        throw new IllegalStateException("unreachable");
    }

    private static final class Invocation implements TestTemplateInvocationContext {

        private final TestDatabase target;

        Invocation(TestDatabase target) {
            this.target = target;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + target.displayName() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Lifecycle(target));
        }
    }

    private static final class Lifecycle implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

        private final TestDatabase target;

        Lifecycle(TestDatabase target) {
            this.target = target;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            String url = emptiedUrl(target);
            context.getStore(NS).put(Db.class, open(target, url, UnaryOperator.identity()));
            context.getStore(NS).put(TestUrl.class, new TestUrl(url));
        }

        @Override
        public void afterEach(ExtensionContext context) {
            context.getStore(NS).remove(TestUrl.class);
            Db db = context.getStore(NS).remove(Db.class, Db.class);
            if (db != null) {
                closeIdle(db);
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Db.class || type == TestDatabase.class || type == TestUrl.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (parameter.getParameter().getType() == TestDatabase.class) {
                return target;
            }
            if (parameter.getParameter().getType() == TestUrl.class) {
                return context.getStore(NS).get(TestUrl.class, TestUrl.class);
            }
            return context.getStore(NS).get(Db.class, Db.class);
        }
    }

    /**
     * Whether a target's server can be had in this run, for test engines that skip through a hook of their own
     * rather than by aborting a test (jqwik's {@code SkipExecutionHook}).
     *
     * @param target the database
     * @return empty when it can be had (always for H2), else why it is skipped
     * @throws AssertionError when it is missing and {@code R2ORM_REQUIRE_DATABASES=true}
     */
    public static Optional<String> unavailable(TestDatabase target) {
        try {
            urlOrFail(target, target.server().map(ServerLocator::locate), ServerLocator.databasesRequired());
            return Optional.empty();
        } catch (TestAbortedException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Opens a {@link Db} on an emptied database of a target, as each {@link DatabaseTest} invocation gets it, for
     * tests the Jupiter extension cannot drive (jqwik properties): the server is located as for {@link DatabaseTest},
     * the database is this JVM's own schema or database on it, and every table in it is dropped first.
     *
     * @param target the database
     * @return a fresh {@code Db} with a pool of at most 4 connections; close it with {@link #closeIdle(Db)}
     * @throws AssertionError when the target's server is missing and {@code R2ORM_REQUIRE_DATABASES=true}
     * @throws org.opentest4j.TestAbortedException when it is missing otherwise
     */
    public static Db openEmptied(TestDatabase target) {
        return openEmptied(target, UnaryOperator.identity());
    }

    /**
     * Opens a {@link Db} as {@link #openEmptied(TestDatabase)} does, with further configuration.
     *
     * @param target the database
     * @param configure adds to the test kit's configuration (a logger, for example)
     * @return a fresh {@code Db}; close it with {@link #closeIdle(Db)}
     * @throws AssertionError when the target's server is missing and {@code R2ORM_REQUIRE_DATABASES=true}
     * @throws org.opentest4j.TestAbortedException when it is missing otherwise
     */
    public static Db openEmptied(TestDatabase target, UnaryOperator<Config.Builder> configure) {
        return open(target, emptiedUrl(target), configure);
    }

    /**
     * Closes a {@code Db} of {@link #openEmptied(TestDatabase)} once its pool is idle, as after each
     * {@link DatabaseTest} invocation.
     *
     * @param db the database
     * @throws AssertionError naming the connections still acquired a few seconds later; the pool is disposed then
     */
    public static void closeIdle(Db db) {
        boolean idle = false;
        try {
            assertIdle(db);
            idle = true;
        } finally {
            if (idle) {
                db.close();
            } else {
                // a leaked connection never comes back: close the pool now rather than wait for it
                ((ConnectionPool) db.connectionFactory()).dispose();
            }
        }
    }

    /**
     * The URL of an emptied database of a target, as each {@link DatabaseTest} invocation gets it, for applications
     * a test starts itself (a Spring Boot application's {@code spring.r2dbc.url}).
     *
     * @param target the database
     * @return the URL; on H2 an in-memory database of this JVM
     * @throws AssertionError when the target's server is missing and {@code R2ORM_REQUIRE_DATABASES=true}
     * @throws org.opentest4j.TestAbortedException when it is missing otherwise
     */
    public static TestUrl emptied(TestDatabase target) {
        return new TestUrl(emptiedUrl(target));
    }

    private static String emptiedUrl(TestDatabase target) {
        String url = isolated(target, urlOrFail(target, target.server().map(ServerLocator::locate),
                ServerLocator.databasesRequired()));
        empty(target, url);
        return url;
    }

    private static Db open(TestDatabase target, String url, UnaryOperator<Config.Builder> configure) {
        return Db.open(url, configure.apply(target.configure(Config.builder()
                .maxPoolSize(4)
                .acquireTimeout(Duration.ofSeconds(5)))).build());
    }

    /** Drops every table of the test database, so each test starts empty. */
    private static void empty(TestDatabase target, String url) {
        Flux.usingWhen(Mono.from(ConnectionFactories.get(url).create()),
                        c -> dropAll(target, c),
                        Connection::close)
                .then()
                .block(SETUP_TIMEOUT);
    }

    private static Flux<Long> dropAll(TestDatabase target, Connection c) {
        switch (target) {
            case H2:
                return exec(c, "DROP ALL OBJECTS");
            case POSTGRESQL:
                return exec(c, "DROP SCHEMA IF EXISTS " + RUN + " CASCADE")
                        .concatWith(exec(c, "CREATE SCHEMA " + RUN));
            default:
                return dropRoutines(c).thenMany(Flux.from(c.createStatement(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
                                .execute())
                        .concatMap(r -> r.map((row, m) -> row.get(0, String.class)))
                        .collectList()
                        .flatMapMany(tables -> tables.isEmpty() ? Flux.empty()
                                : exec(c, "SET FOREIGN_KEY_CHECKS = 0")
                                        .concatWith(exec(c, "DROP TABLE IF EXISTS `"
                                                + String.join("`,`", tables) + "`"))
                                        .concatWith(exec(c, "SET FOREIGN_KEY_CHECKS = 1"))));
        }
    }

    /** Drops the procedures and functions of the test database: migrations create them. */
    private static Flux<Long> dropRoutines(Connection c) {
        return Flux.from(c.createStatement("SELECT routine_type, routine_name FROM information_schema.routines"
                        + " WHERE routine_schema = DATABASE()").execute())
                .concatMap(r -> r.map((row, m) -> "DROP " + row.get(0, String.class) + " IF EXISTS `"
                        + row.get(1, String.class) + "`"))
                .collectList()
                .flatMapMany(drops -> Flux.fromIterable(drops).concatMap(sql -> exec(c, sql)));
    }

    private static Flux<Long> exec(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated());
    }

    /**
     * The schema (PostgreSQL) or database (MariaDB, MySQL) of this test JVM, so that test runs on one server do not
     * empty each other's tables.
     */
    static final String RUN = "r2orm_run_" + ProcessHandle.current().pid();

    private static final java.util.concurrent.ConcurrentHashMap<String, String> ISOLATED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The URL of this JVM's own schema or database on a server, created on first use and dropped when the JVM
     * exits.
     *
     * @param target the database
     * @param url the server's URL
     * @return the URL of this run's schema (PostgreSQL, {@code ?schema=}) or database (MySQL protocol)
     */
    static String isolated(TestDatabase target, String url) {
        if (target.server().isEmpty()) {
            return url;
        }
        return ISOLATED.computeIfAbsent(url, u -> {
            boolean postgres = target.server().get() == ServerKind.POSTGRESQL;
            String create = postgres ? "CREATE SCHEMA IF NOT EXISTS " + RUN : "CREATE DATABASE IF NOT EXISTS " + RUN;
            String drop = postgres ? "DROP SCHEMA IF EXISTS " + RUN + " CASCADE" : "DROP DATABASE IF EXISTS " + RUN;
            run(u, create);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(u, drop);
                } catch (RuntimeException e) {
                    System.err.println("[r2orm testkit] could not drop " + RUN + ": " + e);
                }
            }, "r2orm-testkit-cleanup"));
            if (postgres) {
                return u + (u.contains("?") ? "&" : "?") + "schema=" + RUN;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(r2dbc:[^/]+//[^/]+)/[^?]*(\\?.*)?$")
                    .matcher(u);
            if (!m.matches()) {
                throw new IllegalStateException("cannot isolate the test database in URL " + u);
            }
            return m.group(1) + "/" + RUN + (m.group(2) == null ? "" : m.group(2));
        });
    }

    private static void run(String url, String sql) {
        Flux.usingWhen(Mono.from(ConnectionFactories.get(url).create()),
                        c -> exec(c, sql),
                        Connection::close)
                .then()
                .block(SETUP_TIMEOUT);
    }

    /**
     * Waits for the pool to be idle: connections released on cancel come back asynchronously.
     *
     * @param db the database
     * @throws AssertionError naming the number of connections still acquired
     */
    static void assertIdle(Db db) {
        long deadline = System.nanoTime() + IDLE_WAIT.toNanos();
        PoolStatus status = db.poolStatus().orElseThrow(() -> new AssertionError("the pool reports no metrics"));
        while (!status.isIdle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = db.poolStatus().orElseThrow();
        }
        if (!status.isIdle()) {
            throw new AssertionError("connection leak: " + status.acquired() + " connection(s) still acquired and "
                    + status.pending() + " waiting " + IDLE_WAIT.toSeconds() + " s after the test ended (" + status
                    + ")");
        }
    }
}
