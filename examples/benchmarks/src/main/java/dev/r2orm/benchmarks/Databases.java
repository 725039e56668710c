package dev.r2orm.benchmarks;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the benchmarks' tables live and how every contender's pool is built.
 *
 * <p>PostgreSQL: one schema per data set ({@value #READ} with the rows of the point, read, update and preload
 * workloads, {@value #BIG} with the streamed rows, {@value #LOAD} empty for the inserts), created and filled once by
 * the runner, reached through the driver's {@code schema} option (the connection's {@code search_path}), and dropped
 * at the end. MariaDB: one database per data set, of the same names, created, filled and dropped the same way. H2: an
 * in-memory database per data set, created and filled in each forked JVM.
 */
final class Databases {

    /** The schema or in-memory database with the rows read by key, read whole, and updated. */
    static final String READ = "r2orm_bench";
    /** The schema with the rows streamed. */
    static final String BIG = "r2orm_bench_big";
    /** The schema or in-memory database the inserts write to. */
    static final String LOAD = "r2orm_bench_load";

    /** The most connections of every contender's pool. */
    static final int POOL_SIZE = 64;

    /** The PostgreSQL URL, without options; {@code -Dr2orm.bench.postgres=...} overrides it. */
    static String postgresUrl() {
        return System.getProperty("r2orm.bench.postgres", "r2dbc:postgresql://postgres@127.0.0.1:5432/test");
    }

    /**
     * The MariaDB server's URL, with the database the runner connects to to create its own;
     * {@code -Dr2orm.bench.mariadb=...} overrides it.
     */
    static String mariadbUrl() {
        return System.getProperty("r2orm.bench.mariadb", "r2dbc:mysql://root@127.0.0.1:3306/test");
    }

    /** The databases the runner creates data sets on (H2 lives in each fork). */
    static final List<String> SERVERS = List.of("postgres", "mariadb");

    private Databases() {
    }

    /**
     * The URL of the server that holds a data set, for creating and dropping it.
     *
     * @param db {@code postgres} or {@code mariadb}
     * @return the R2DBC URL
     */
    static String serverUrl(String db) {
        return "postgres".equals(db) ? postgresUrl() : mariadbUrl();
    }

    /**
     * The statements that drop a data set on a server.
     *
     * @param db {@code postgres} or {@code mariadb}
     * @param dataset the data set
     * @return the SQL
     */
    static String drop(String db, String dataset) {
        return "postgres".equals(db) ? "DROP SCHEMA IF EXISTS " + dataset + " CASCADE"
                : "DROP DATABASE IF EXISTS " + dataset;
    }

    /**
     * The URL of a data set.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @param dataset {@link #READ}, {@link #BIG} or {@link #LOAD}
     * @return the R2DBC URL
     */
    static String url(String db, String dataset) {
        return switch (db) {
            case "postgres" -> postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "schema=" + dataset;
            case "h2" -> "r2dbc:h2:mem:///" + dataset + "?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
            case "mariadb" -> {
                // the data set's database in place of the server URL's, times read and written in UTC, and
                // TCP_NODELAY as MariaDB's JDBC driver and Vert.x set it (r2dbc-mysql leaves it off by default)
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(r2dbc:[^/]+//[^/]+)(/[^?]*)?(\\?.*)?$")
                        .matcher(mariadbUrl());
                if (!m.matches()) {
                    throw new IllegalArgumentException("cannot read the MariaDB URL " + mariadbUrl());
                }
                yield m.group(1) + "/" + dataset + (m.group(3) == null ? "?" : m.group(3) + "&")
                        + "connectionTimeZone=UTC&tcpNoDelay=true";
            }
            default -> throw new IllegalArgumentException("unknown database " + db);
        };
    }

    /**
     * The pool every contender gets: the same settings for all, over a {@link Counting} factory. Connections are
     * opened on demand up to {@link #POOL_SIZE}; a borrowed connection is validated locally (the pool's default).
     *
     * @param url the R2DBC URL
     * @return a new pool
     */
    static ConnectionPool pool(String url) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(new Counting(ConnectionFactories.get(url)))
                .initialSize(0)
                .maxSize(POOL_SIZE)
                .maxAcquireTime(Duration.ofSeconds(30))
                .maxCreateConnectionTime(Duration.ofSeconds(30))
                .maxLifeTime(Duration.ofMinutes(30))
                .maxIdleTime(Duration.ofMinutes(10))
                .acquireRetry(1)
                .build());
    }

    /**
     * Runs statements one after the other on a connection of its own (not counted), and waits.
     *
     * @param url the R2DBC URL
     * @param sql the statements
     */
    static void run(String url, String... sql) {
        ConnectionFactory f = ConnectionFactories.get(url);
        Flux.usingWhen(f.create(), c -> Flux.fromArray(sql).concatMap(s -> rowsUpdated(c, s)), Connection::close)
                .blockLast(Duration.ofMinutes(10));
    }

    /**
     * Reads one row of numbers on a connection of its own.
     *
     * @param url the R2DBC URL
     * @param sql a query of one row of numeric columns
     * @return the row's values as longs
     */
    static long[] numbers(String url, String sql) {
        ConnectionFactory f = ConnectionFactories.get(url);
        List<long[]> rows = Flux.usingWhen(f.create(),
                c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.map((row, meta) -> {
                    long[] out = new long[meta.getColumnMetadatas().size()];
                    for (int i = 0; i < out.length; i++) {
                        Number n = row.get(i, Number.class);
                        out[i] = n == null ? 0 : n.longValue();
                    }
                    return out;
                })), Connection::close).collectList().block(Duration.ofMinutes(1));
        if (rows == null || rows.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql);
        }
        return rows.get(0);
    }

    /**
     * Reads one text value on a connection of its own.
     *
     * @param url the R2DBC URL
     * @param sql a query of one row and one column
     * @return the value
     */
    static String text(String url, String sql) {
        ConnectionFactory f = ConnectionFactories.get(url);
        return Flux.usingWhen(f.create(),
                c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.map((row, meta) ->
                        String.valueOf(row.get(0)))), Connection::close).blockLast(Duration.ofMinutes(1));
    }

    /**
     * Creates a data set's table with its rows numbered 1 to {@code rows}, dropping what was there.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @param dataset the data set; {@link #READ} gets the tables of {@link Families} too
     * @param rows the row count, 0 for an empty table
     */
    static void create(String db, String dataset, long rows) {
        if (SERVERS.contains(db)) {
            run(serverUrl(db), drop(db, dataset),
                    ("postgres".equals(db) ? "CREATE SCHEMA " : "CREATE DATABASE ") + dataset);
        }
        String url = url(db, dataset);
        run(url, "DROP TABLE IF EXISTS benches", Data.createTable(db));
        if (rows > 0) {
            run(url, Data.fill(db, rows));
            analyze(db, url, "benches");
        }
        if (READ.equals(dataset)) {
            run(url, "DROP TABLE IF EXISTS bench_children", "DROP TABLE IF EXISTS bench_parents");
            run(url, Families.createTables(db));
            run(url, Families.fill(db));
            analyze(db, url, "bench_parents");
            analyze(db, url, "bench_children");
        }
    }

    private static void analyze(String db, String url, String table) {
        if ("postgres".equals(db)) {
            run(url, "VACUUM ANALYZE " + table);
        } else if ("mariadb".equals(db)) {
            numbersOrNone(url, "ANALYZE TABLE " + table);
        }
    }

    /** Runs a statement that returns rows (MariaDB's {@code ANALYZE TABLE}) and drops them. */
    private static void numbersOrNone(String url, String sql) {
        ConnectionFactory f = ConnectionFactories.get(url);
        Flux.usingWhen(f.create(), c -> Flux.from(c.createStatement(sql).execute())
                .concatMap(r -> r.map((row, meta) -> 1)), Connection::close).blockLast(Duration.ofMinutes(1));
    }

    /**
     * Checks that a data set holds rows 1 to {@code rows}.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @param dataset the data set
     * @param rows the expected row count
     * @throws IllegalStateException when it does not
     */
    static void requireRows(String db, String dataset, long rows) {
        long[] got = numbers(url(db, dataset), "SELECT COUNT(*), COALESCE(SUM(id), 0), COALESCE(SUM(amount), 0) FROM benches");
        Data.Summary e = Data.Summary.expected(rows);
        if (got[0] != e.rows || got[1] != e.ids || got[2] != e.amounts) {
            throw new IllegalStateException(db + " " + dataset + ".benches holds " + got[0] + " rows (key sum " + got[1]
                    + ", amount sum " + got[2] + "), expected " + e + "; the runner creates it");
        }
    }

    private static Mono<Long> rowsUpdated(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }
}
