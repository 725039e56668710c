package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import dev.r2orm.logger.Logger;
import dev.r2orm.testkit.Pools;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What one fault test works with: an emptied {@code fault_marks} table on its database, the proxies and pools it
 * opens (all closed by {@link #close()}), the checks every fault test ends with, and its {@link Figures}: a test names
 * its fault with {@link #fault} and adds what it measured as it goes; {@link #close()} records the figures, so that a
 * failed test leaves its figures too.
 */
final class FaultBench implements AutoCloseable {

    static final String TABLE = "fault_marks";
    private static final Duration IDLE_WAIT = Duration.ofSeconds(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    final FaultTarget target;
    /** The URL straight to the database (this JVM's schema or database), for set-up and checks. */
    final String url;
    private final List<Db> dbs = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final List<Attempt> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
    private String fault;
    private Db measured;
    private long recoverMs = -1;
    private int lost;
    private int ambiguous;

    private FaultBench(FaultTarget target, String url) {
        this.target = target;
        this.url = url;
    }

    /**
     * Opens the bench: finds the database (failing or skipping the test when its fault server is absent), creates the
     * table and empties it.
     *
     * @param target the database
     * @return the bench
     */
    static FaultBench open(FaultTarget target) {
        FaultBench bench = new FaultBench(target, target.url());
        try (Db setup = Db.open(bench.url, Config.builder().logger(Logger.silent()).maxPoolSize(2).build())) {
            setup.migrator().autoMigrate(FaultMark.class).block(CHECK_TIMEOUT);
            assertThat(setup.schema(FaultMark.class).table()).isEqualTo(TABLE);
        }
        FaultServers.Admin.exec(bench.url, "DELETE FROM " + TABLE);
        return bench;
    }

    /** @return a proxy in front of the database's port, closed with the bench */
    FaultProxy proxy() {
        FaultProxy proxy = FaultProxy.start(target.port());
        proxies.add(proxy);
        return proxy;
    }

    /**
     * Opens a pool straight to the database.
     *
     * @param config its configuration
     * @return the database, closed with the bench
     */
    Db db(Config.Builder config) {
        return track(Db.open(url, config.logger(Logger.silent()).build()));
    }

    /**
     * Opens a pool through a proxy.
     *
     * @param proxy the proxy
     * @param config its configuration
     * @return the database, closed with the bench
     */
    Db db(FaultProxy proxy, Config.Builder config) {
        return track(Db.open(target.url(proxy), config.logger(Logger.silent()).build()));
    }

    private Db track(Db db) {
        dbs.add(db);
        return db;
    }

    /**
     * Asserts that a pool is idle, that {@code connections} operations at once all succeed (so each pooled connection
     * answers), and that it is idle again.
     *
     * @param db the database
     * @param connections how many connections to hold at once (the pool's size, to touch every connection)
     * @return the pool's state afterwards
     */
    PoolStatus healthy(Db db, int connections) {
        Pools.awaitIdle(db, IDLE_WAIT);
        List<Attempt> attempts = Flux.range(0, connections)
                .flatMap(i -> Mono.fromFuture(Attempt.start("connection " + i,
                        db.transaction(tx -> tx.db().raw("SELECT 1").scan(Object.class)
                                .then(Mono.delay(Duration.ofMillis(200)))), CHECK_TIMEOUT)), connections)
                .collectList()
                .block(CHECK_TIMEOUT.plusSeconds(5));
        assertThat(attempts).as("%d operations at once, each on a pooled connection", connections)
                .allMatch(Attempt::ok);
        Pools.awaitIdle(db, IDLE_WAIT);
        return db.poolStatus().orElseThrow();
    }

    /**
     * Names the fault of this test; its figures are recorded when the bench closes.
     *
     * @param name what was done
     * @param db the database whose pool state goes into the figures
     */
    void fault(String name, Db db) {
        this.fault = name;
        this.measured = db;
    }

    /** @param done operations to count in the figures */
    void attempts(java.util.Collection<Attempt> done) {
        attempts.addAll(done);
    }

    /**
     * @param lostWrites acknowledged writes missing, and half-written transactions
     * @param ambiguousWrites failed writes found committed
     */
    void writes(int lostWrites, int ambiguousWrites) {
        this.lost = lostWrites;
        this.ambiguous = ambiguousWrites;
    }

    /** @param millis the recovery time to record when it was measured otherwise than by {@link #awaitRecovery} */
    void recovered(long millis) {
        this.recoverMs = millis;
    }

    /** How long the pool took to serve a query again, and what failed meanwhile. */
    record Recovery(long millis, List<Attempt> failures) {
    }

    /**
     * Runs {@code SELECT 1} until it succeeds, each try capped at {@code cap}; the failed tries and the time go into
     * the figures.
     *
     * @param db the database
     * @param within how long it may take at most
     * @param cap how long one try may take before it is called hung
     * @return the time from the call to the first success, and the failed tries
     * @throws AssertionError when no try succeeded within {@code within}
     */
    Recovery awaitRecovery(Db db, Duration within, Duration cap) {
        long t0 = System.nanoTime();
        List<Attempt> failures = new ArrayList<>();
        while (true) {
            Attempt a = Attempt.run("SELECT 1", db.raw("SELECT 1").scan(Object.class), cap);
            long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            if (a.ok()) {
                recoverMs = millis;
                return new Recovery(millis, failures);
            }
            failures.add(a);
            attempts.add(a);
            if (millis > within.toMillis()) {
                throw new AssertionError("no success within " + within + " after the fault ended; " + failures.size()
                        + " failures, the last " + failures.get(failures.size() - 1));
            }
            sleep(50);
        }
    }

    /** @return rows of {@code fault_marks} by marker, read straight from the database */
    Map<Long, Long> rowsByMarker() {
        Map<Long, Long> rows = new HashMap<>();
        for (List<Object> r : FaultServers.Admin.query(url,
                "SELECT marker, COUNT(*) FROM " + TABLE + " GROUP BY marker")) {
            rows.put(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue());
        }
        return rows;
    }

    /**
     * The server's ids of the other sessions of the test user: connections a server-side kill would hit.
     *
     * @return the ids
     */
    List<Long> otherSessions() {
        String sql = target == FaultTarget.POSTGRESQL
                ? "SELECT pid FROM pg_stat_activity WHERE usename = 'postgres' AND pid <> pg_backend_pid()"
                        + " AND backend_type = 'client backend'"
                : "SELECT id FROM information_schema.processlist WHERE user = 'root' AND id <> CONNECTION_ID()"
                        + " AND command <> 'Daemon'";
        List<Long> ids = new ArrayList<>();
        for (List<Object> r : FaultServers.Admin.query(url, sql)) {
            ids.add(((Number) r.get(0)).longValue());
        }
        return ids;
    }

    /**
     * Kills every other session of the test user on the server ({@code pg_terminate_backend}, {@code KILL
     * CONNECTION}).
     *
     * @return how many were killed
     */
    int killOtherSessions() {
        List<Long> ids = otherSessions();
        for (Long id : ids) {
            try {
                FaultServers.Admin.exec(url, target == FaultTarget.POSTGRESQL
                        ? "SELECT pg_terminate_backend(" + id + ")" : "KILL CONNECTION " + id);
            } catch (RuntimeException e) {
                // the session ended by itself meanwhile (MariaDB: "Unknown thread id")
            }
        }
        return ids.size();
    }

    static String describe(PoolStatus pool) {
        return pool.idle() + " idle, " + pool.acquired() + " acquired, " + pool.pending() + " pending of "
                + pool.maxSize();
    }

    static Map<String, Integer> merge(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> all = new TreeMap<>(a);
        b.forEach((k, v) -> all.merge(k, v, Integer::sum));
        return all;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (fault != null) {
            String pool = measured.poolStatus().map(FaultBench::describe).orElse("?");
            new Figures(target.toString(), fault, attempts.size(), Attempt.failures(attempts),
                    Attempt.longest(attempts), recoverMs, lost, ambiguous, pool).record();
        }
        for (FaultProxy proxy : proxies) {
            proxy.pass();
        }
        for (Db db : dbs) {
            try {
                db.closeLater().block(Duration.ofSeconds(15));
            } catch (RuntimeException e) {
                ((ConnectionPool) db.connectionFactory()).dispose();
            }
        }
        for (FaultProxy proxy : proxies) {
            proxy.close();
        }
    }
}
