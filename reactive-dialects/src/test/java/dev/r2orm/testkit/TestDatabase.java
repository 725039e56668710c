package dev.r2orm.testkit;

import dev.r2orm.Config;
import dev.r2orm.dialect.mysql.MySqlDialect;
import java.util.Optional;

/**
 * The databases a {@link DatabaseTest} runs on. {@link #MARIADB_WITHOUT_RETURNING} is MariaDB driven by the MySQL 8
 * dialect (keys through {@code LAST_INSERT_ID()}), the key path of MySQL servers, so that it runs on every machine;
 * {@link #MYSQL} is a real MySQL 8 where one can be had.
 */
public enum TestDatabase {
    /** Embedded H2, in memory. */
    H2("H2", null),
    /** PostgreSQL, found by {@link ServerLocator}. */
    POSTGRESQL("PostgreSQL", ServerKind.POSTGRESQL),
    /** MariaDB, found by {@link ServerLocator}. */
    MARIADB("MariaDB", ServerKind.MARIADB),
    /** MariaDB with the MySQL 8 dialect: no {@code RETURNING}. */
    MARIADB_WITHOUT_RETURNING("MariaDB without RETURNING", ServerKind.MARIADB),
    /** A real MySQL 8, where one can be had ({@code R2ORM_MYSQL8_URL} or Docker); otherwise left out of the run. */
    MYSQL("MySQL 8", ServerKind.MYSQL);

    /** The H2 database every H2 test uses; it is emptied before each test. */
    static final String H2_URL = "r2dbc:h2:mem:///r2orm_test?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";

    private final String displayName;
    private final ServerKind server;

    TestDatabase(String displayName, ServerKind server) {
        this.displayName = displayName;
        this.server = server;
    }

    /** @return the name shown in test reports */
    public String displayName() {
        return displayName;
    }

    /** @return the server to locate, empty for H2 */
    public Optional<ServerKind> server() {
        return Optional.ofNullable(server);
    }

    /**
     * Adds what this target needs to a configuration (the MySQL dialect for {@link #MARIADB_WITHOUT_RETURNING}).
     *
     * @param builder the configuration being built
     * @return the builder
     */
    public Config.Builder configure(Config.Builder builder) {
        return this == MARIADB_WITHOUT_RETURNING ? builder.dialect(MySqlDialect.mysql()) : builder;
    }

    /** @return whether this target talks the MySQL protocol */
    public boolean isMySqlFamily() {
        return server == ServerKind.MARIADB || server == ServerKind.MYSQL;
    }
}
