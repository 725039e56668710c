package dev.r2orm.faults;

/**
 * The databases a fault test runs on: the fault servers of {@link FaultServers} and, for the faults that need no
 * network (statement timeouts, cancel), in-memory H2.
 */
enum FaultTarget {
    /** In-memory H2: no network, so only statement timeouts and cancel apply. */
    H2("H2"),
    /** The fault PostgreSQL cluster on port 5442. */
    POSTGRESQL("PostgreSQL"),
    /** The fault MariaDB instance on port 3316. */
    MARIADB("MariaDB");

    private static final String H2_URL =
            "r2dbc:h2:mem:///r2orm_faults?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";

    /** Makes each H2 long statement differ: H2 caches the result of a repeated deterministic query. */
    private static final java.util.concurrent.atomic.AtomicLong SALT = new java.util.concurrent.atomic.AtomicLong();

    private final String displayName;

    FaultTarget(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }

    /** @return the server's port, 0 for H2 */
    int port() {
        return switch (this) {
            case H2 -> 0;
            case POSTGRESQL -> FaultServers.POSTGRES_PORT;
            case MARIADB -> FaultServers.MARIADB_PORT;
        };
    }

    /**
     * The URL of this JVM's schema or database on the server, straight to it.
     *
     * @return the URL
     * @throws AssertionError or {@link org.opentest4j.TestAbortedException} when the server is absent
     */
    String url() {
        return switch (this) {
            case H2 -> H2_URL;
            case POSTGRESQL -> FaultServers.require(FaultServers.POSTGRES_URL);
            case MARIADB -> FaultServers.require(FaultServers.MARIADB_URL);
        };
    }

    /**
     * The same URL through a proxy.
     *
     * @param proxy a proxy in front of {@link #port()}
     * @return the URL with the proxy's port
     */
    String url(FaultProxy proxy) {
        if (this == H2) {
            throw new IllegalStateException("H2 in memory has no network to proxy");
        }
        return url().replace("127.0.0.1:" + port() + "/", "127.0.0.1:" + proxy.port() + "/");
    }

    /**
     * A statement that runs about {@code seconds} on the server (on H2, a cross join it can cancel between rows, about
     * 13 million rows a second here: it burns a core meanwhile, so keep it short).
     *
     * @param seconds how long
     * @return the SQL
     */
    String sleep(int seconds) {
        return switch (this) {
            case H2 -> "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, " + (seconds * 130)
                    + ") b WHERE a.\"X\" + b.\"X\" <> " + -SALT.incrementAndGet();
            case POSTGRESQL -> "SELECT 1 FROM pg_sleep(" + seconds + ")";
            case MARIADB -> "SELECT SLEEP(" + seconds + ")";
        };
    }

    /**
     * A condition true for every row that costs about {@code seconds} per row, for model queries.
     *
     * @param seconds how long
     * @return the SQL condition
     */
    String slowCondition(int seconds) {
        return switch (this) {
            case H2 -> "(" + sleep(seconds) + ") > 0";
            case POSTGRESQL -> "pg_sleep(" + seconds + ") IS NOT NULL";
            case MARIADB -> "SLEEP(" + seconds + ") = 0";
        };
    }

    /**
     * A query of {@code rows} rows of about 100 bytes each, column {@code n} numbered from 1.
     *
     * @param rows how many
     * @return the SQL
     */
    String stream(int rows) {
        return switch (this) {
            case H2 -> "SELECT \"X\" AS n, REPEAT('x', 100) AS pad FROM SYSTEM_RANGE(1, " + rows + ")";
            case POSTGRESQL -> "SELECT g AS n, repeat('x', 100) AS pad FROM generate_series(1, " + rows + ") g";
            case MARIADB -> "SELECT seq AS n, REPEAT('x', 100) AS pad FROM seq_1_to_" + rows;
        };
    }

    /** @return a query of the server's id of the connection it runs on */
    String connectionId() {
        return switch (this) {
            case H2 -> "SELECT SESSION_ID()";
            case POSTGRESQL -> "SELECT pg_backend_pid()";
            case MARIADB -> "SELECT CONNECTION_ID()";
        };
    }

    /** @return a statement that makes the server close the connection it runs on */
    String killOwnConnection() {
        return switch (this) {
            case H2 -> throw new IllegalStateException("H2 in memory cannot lose its connection");
            case POSTGRESQL -> "SELECT pg_terminate_backend(pg_backend_pid())";
            case MARIADB -> "KILL CONNECTION CONNECTION_ID()";
        };
    }
}
