package dev.r2orm.testkit;

/**
 * A database server that the test kit runs its cross-database tests against.
 *
 * <p>Each kind knows the environment variable that may name an explicit R2DBC URL for it and the
 * port a locally installed server listens on by default. {@link ServerLocator} uses both to find a
 * server.
 */
public enum ServerKind {

    /** PostgreSQL, found through {@code R2ORM_POSTGRES_URL} or a local server on port 5432. */
    POSTGRESQL("PostgreSQL", "R2ORM_POSTGRES_URL", 5432),

    /** MariaDB (or MySQL), found through {@code R2ORM_MYSQL_URL} or a local server on port 3306. */
    MARIADB("MariaDB", "R2ORM_MYSQL_URL", 3306),

    /**
     * MySQL 8, found through {@code R2ORM_MYSQL8_URL} or Testcontainers only (port 3306 belongs to MariaDB here).
     * Not one of the servers CI provides: where none can be had, its tests are left out of the run.
     */
    MYSQL("MySQL 8", "R2ORM_MYSQL8_URL", 0);

    private final String displayName;
    private final String urlVariable;
    private final int defaultPort;

    ServerKind(String displayName, String urlVariable, int defaultPort) {
        this.displayName = displayName;
        this.urlVariable = urlVariable;
        this.defaultPort = defaultPort;
    }

    /**
     * Whether CI provides this server, so that {@code R2ORM_REQUIRE_DATABASES=true} makes its absence fail the
     * build and forbids the fallbacks (Testcontainers, embedded servers).
     *
     * @return true for PostgreSQL and MariaDB
     */
    public boolean requiredInCi() {
        return this != MYSQL;
    }

    /**
     * Returns the human-readable name of the server, as used in messages and test names.
     *
     * @return the display name, for example {@code "PostgreSQL"}; never null
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Returns the name of the environment variable that may hold an explicit R2DBC URL for this
     * server.
     *
     * @return {@code "R2ORM_POSTGRES_URL"}, {@code "R2ORM_MYSQL_URL"} or {@code "R2ORM_MYSQL8_URL"}; never null
     */
    public String urlVariable() {
        return urlVariable;
    }

    /**
     * Returns the TCP port a locally installed server of this kind listens on by default.
     *
     * @return 5432 for PostgreSQL, 3306 for MariaDB, 0 for MySQL 8 (no local server is probed)
     */
    public int defaultPort() {
        return defaultPort;
    }
}
