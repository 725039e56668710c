package dev.r2orm.plugins;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.faults.FaultServers;
import dev.r2orm.plugins.resolver.GroupSpec;
import dev.r2orm.plugins.resolver.Resolver;
import dev.r2orm.testkit.ServerLocator;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A primary and its replica: PostgreSQL on 5452/5453 and MariaDB on 3326/3327 (started by
 * {@code .ci/replica-servers start}, streaming replication), or two H2 databases (no replication: what is written on
 * the primary never reaches the replica, the longest lag there is). Each JVM works in a schema (PostgreSQL) or database
 * (MariaDB) of its own, created on the primary and replicated.
 *
 * <p>A server pair that does not answer fails the test when {@code R2ORM_REQUIRE_DATABASES=true}, else skips it.
 */
final class ReplicaPair implements AutoCloseable {

    enum Kind {
        H2, POSTGRESQL, MARIADB
    }

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String RUN = "r2orm_replica_" + ProcessHandle.current().pid();
    private static final Map<Kind, String> READY = new ConcurrentHashMap<>();

    final Kind kind;
    final String primaryUrl;
    final String replicaUrl;
    private final List<Db> opened = new ArrayList<>();
    private final Map<String, Db> plain = new ConcurrentHashMap<>();
    /** H2 only: the switch that makes its replica refuse connections, as a stopped server does. */
    private final AtomicBoolean h2ReplicaDown = new AtomicBoolean();

    private ReplicaPair(Kind kind, String primaryUrl, String replicaUrl) {
        this.kind = kind;
        this.primaryUrl = primaryUrl;
        this.replicaUrl = replicaUrl;
    }

    static ReplicaPair of(Kind kind) {
        return switch (kind) {
            case H2 -> {
                String id = UUID.randomUUID().toString().replace("-", "");
                yield new ReplicaPair(kind, "r2dbc:h2:mem:///primary_" + id + "?options=DB_CLOSE_DELAY=-1",
                        "r2dbc:h2:mem:///replica_" + id + "?options=DB_CLOSE_DELAY=-1");
            }
            case POSTGRESQL -> {
                require(kind, "r2dbc:postgresql://postgres@127.0.0.1:5452/test",
                        "r2dbc:postgresql://postgres@127.0.0.1:5453/test");
                yield new ReplicaPair(kind, "r2dbc:postgresql://postgres@127.0.0.1:5452/test?schema=" + RUN,
                        "r2dbc:postgresql://postgres@127.0.0.1:5453/test?schema=" + RUN);
            }
            case MARIADB -> {
                require(kind, "r2dbc:mysql://root@127.0.0.1:3326/test", "r2dbc:mysql://root@127.0.0.1:3327/test");
                yield new ReplicaPair(kind, "r2dbc:mysql://root@127.0.0.1:3326/" + RUN,
                        "r2dbc:mysql://root@127.0.0.1:3327/" + RUN);
            }
        };
    }

    boolean mysql() {
        return kind == Kind.MARIADB;
    }

    /** The primary, with the resolver installed; closed with the pair. */
    Db primary(Resolver resolver) {
        Db db = Db.open(primaryUrl, Config.builder().maxPoolSize(4).plugin(resolver).build());
        opened.add(db);
        return db;
    }

    /** A resolver builder with this pair's replica (on H2, behind the switch of {@link #stopReplica()}). */
    Resolver.Builder resolver() {
        return kind == Kind.H2 ? Resolver.builder().replicas(h2Replica()) : Resolver.builder().replicas(replicaUrl);
    }

    /** Adds this pair's replica to a group. */
    void replicaOf(GroupSpec group) {
        if (kind == Kind.H2) {
            group.replicas(h2Replica());
        } else {
            group.replicas(replicaUrl);
        }
    }

    private ConnectionFactory h2Replica() {
        Db replica = Db.open(replicaUrl, Config.builder().maxPoolSize(4).build());
        opened.add(replica);
        ConnectionFactory pool = replica.connectionFactory();
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.defer(() -> h2ReplicaDown.get()
                        ? Mono.error(new IllegalStateException("replica stopped")) : Mono.from(pool.create()));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return pool.getMetadata();
            }
        };
    }

    /** Drops the tables of earlier runs and creates the library's on the primary (and on H2's replica). */
    void createLibrary() {
        exec("DROP TABLE IF EXISTS books");
        exec("DROP TABLE IF EXISTS authors");
        exec("DROP TABLE IF EXISTS r2orm_role");
        Db primary = plain(primaryUrl);
        Library.create(primary, mysql());
        if (kind == Kind.H2) {
            Db replica = plain(replicaUrl);
            Library.create(replica, false);
            replica.exec("CREATE TABLE r2orm_role (name varchar(10))").block(TIMEOUT);
            replica.exec("INSERT INTO r2orm_role VALUES ('replica')").block(TIMEOUT);
            primary.exec("CREATE TABLE r2orm_role (name varchar(10))").block(TIMEOUT);
            primary.exec("INSERT INTO r2orm_role VALUES ('primary')").block(TIMEOUT);
        }
        awaitReplica();
    }

    /** SQL that answers {@code primary} or {@code replica} on the server that runs it. */
    String whoAmI() {
        return switch (kind) {
            case H2 -> "SELECT name FROM r2orm_role";
            case POSTGRESQL -> "SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END";
            case MARIADB -> "SELECT CASE WHEN @@read_only = 1 THEN 'replica' ELSE 'primary' END";
        };
    }

    /** Runs DDL or a write on the primary (on H2 on both databases). */
    void exec(String sql) {
        plain(primaryUrl).exec(sql).block(TIMEOUT);
        if (kind == Kind.H2) {
            plain(replicaUrl).exec(sql).block(TIMEOUT);
        }
    }

    /** Waits until the replica has replayed everything the primary wrote so far (nothing to wait for on H2). */
    void awaitReplica() {
        switch (kind) {
            case H2 -> {
            }
            case POSTGRESQL -> {
                String lsn = plain(primaryUrl).raw("SELECT pg_current_wal_lsn()::text").scan(String.class)
                        .blockFirst(TIMEOUT);
                Mono.defer(() -> plain(replicaUrl).raw("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn", lsn)
                                .scan(Boolean.class).next())
                        .filter(Boolean::booleanValue)
                        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
                        .block(TIMEOUT);
            }
            case MARIADB -> {
                String pos = plain(primaryUrl).raw("SELECT @@gtid_binlog_pos").scan(String.class).blockFirst(TIMEOUT);
                Object done = plain(replicaUrl).raw("SELECT MASTER_GTID_WAIT(?, 30)", pos).scan(Object.class)
                        .blockFirst(TIMEOUT);
                if (((Number) done).intValue() != 0) {
                    throw new AssertionError("the MariaDB replica did not reach " + pos + " within 30 s");
                }
            }
        }
    }

    /** Stops applying the primary's changes on the replica: writes from now on lag until {@link #resumeReplay()}. */
    void pauseReplay() {
        switch (kind) {
            case H2 -> {
            }
            case POSTGRESQL -> plain(replicaUrl).raw("SELECT pg_wal_replay_pause()").findMaps().then().block(TIMEOUT);
            case MARIADB -> plain(replicaUrl).exec("STOP SLAVE SQL_THREAD").block(TIMEOUT);
        }
    }

    void resumeReplay() {
        switch (kind) {
            case H2 -> {
            }
            case POSTGRESQL -> plain(replicaUrl).raw("SELECT pg_wal_replay_resume()").findMaps().then().block(TIMEOUT);
            case MARIADB -> plain(replicaUrl).exec("START SLAVE SQL_THREAD").block(TIMEOUT);
        }
    }

    /** Stops the replica's server ({@code -m fast} on PostgreSQL: its sessions are cut). */
    void stopReplica() {
        switch (kind) {
            case H2 -> h2ReplicaDown.set(true);
            case POSTGRESQL -> script("stop-replica", "fast");
            case MARIADB -> script("stop-mariadb-replica");
        }
    }

    void startReplica() {
        switch (kind) {
            case H2 -> h2ReplicaDown.set(false);
            case POSTGRESQL -> script("start-replica");
            case MARIADB -> script("start-mariadb-replica");
        }
    }

    /** A database without plugins, for set-up and checks. */
    Db plain(String url) {
        return plain.computeIfAbsent(url, u -> {
            Db db = Db.open(u, Config.builder().maxPoolSize(2).build());
            opened.add(db);
            return db;
        });
    }

    @Override
    public void close() {
        opened.forEach(Db::close);
    }

    private static void require(Kind kind, String primary, String replica) {
        String failure = READY.computeIfAbsent(kind, k -> prepare(k, primary, replica));
        if (!failure.isEmpty()) {
            String message = kind + " replication pair does not answer (" + failure
                    + "); start it with .ci/replica-servers start (as root)";
            if (ServerLocator.databasesRequired()) {
                throw new AssertionError(message + "; R2ORM_REQUIRE_DATABASES=true forbids skipping");
            }
            System.err.println("[r2orm replicas] SKIPPED: " + message);
            Assumptions.abort("SKIPPED: " + message);
        }
    }

    /** Creates this JVM's schema or database on the primary and waits until the replica has it; empty when ready. */
    private static String prepare(Kind kind, String primary, String replica) {
        try (Db p = Db.open(primary, Config.builder().maxPoolSize(1).acquireTimeout(Duration.ofSeconds(5)).build());
                Db r = Db.open(replica, Config.builder().maxPoolSize(1).acquireTimeout(Duration.ofSeconds(5)).build())) {
            boolean pg = kind == Kind.POSTGRESQL;
            p.exec(pg ? "CREATE SCHEMA IF NOT EXISTS " + RUN : "CREATE DATABASE IF NOT EXISTS " + RUN).block(TIMEOUT);
            String check = "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?";
            Mono.defer(() -> r.raw(check, RUN).scan(Long.class).next()).filter(n -> n > 0)
                    .repeatWhenEmpty(x -> x.delayElements(Duration.ofMillis(50))).block(TIMEOUT);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(primary, pg), "r2orm-replica-cleanup"));
            return "";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void drop(String primary, boolean pg) {
        try (Db p = Db.open(primary, Config.builder().maxPoolSize(1).build())) {
            p.exec(pg ? "DROP SCHEMA IF EXISTS " + RUN + " CASCADE" : "DROP DATABASE IF EXISTS " + RUN)
                    .block(TIMEOUT);
        } catch (RuntimeException e) {
            System.err.println("[r2orm replicas] could not drop " + RUN + ": " + e);
        }
    }

    /** Runs {@code .ci/replica-servers} with arguments (at most 2 minutes). */
    private static void script(String... args) {
        FaultServers.runScript("replica-servers", args);
    }
}
