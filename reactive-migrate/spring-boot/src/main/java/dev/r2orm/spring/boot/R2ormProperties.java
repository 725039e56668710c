package dev.r2orm.spring.boot;

import dev.r2orm.logger.LogLevel;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code r2orm.*} properties of a Spring Boot application: the SQL logger, table naming, statement defaults and
 * the versioned migrations run at start-up. Unset values keep r2orm's defaults.
 */
@ConfigurationProperties("r2orm")
public class R2ormProperties {

    private final Logger logger = new Logger();
    private final Naming naming = new Naming();
    private final Migrate migrate = new Migrate();
    private final Observations observations = new Observations();
    /** Rows per INSERT of createAll and createInBatches chunks; 0 writes each call's rows in one statement. */
    private int createBatchSize;
    /** Rows a streaming query asks the database for at a time. */
    private int fetchSize = 1_000;
    /** The longest a statement may run before it is stopped, typed (StatementTimeoutException). */
    private Duration statementTimeout = Duration.ofSeconds(60);
    /** Whether single writes run without the transaction r2orm opens around writes with hooks and associations. */
    private boolean skipDefaultTransaction;

    /** Creates the properties with r2orm's defaults. */
    public R2ormProperties() {
    }

    /** @return the settings of r2orm's Micrometer observations */
    public Observations getObservations() {
        return observations;
    }

    /** @return the SQL logger's settings */
    public Logger getLogger() {
        return logger;
    }

    /** @return table and column naming */
    public Naming getNaming() {
        return naming;
    }

    /** @return the versioned migrations run at start-up */
    public Migrate getMigrate() {
        return migrate;
    }

    /** @return rows per INSERT of batch writes; 0 for all of a call's rows in one statement */
    public int getCreateBatchSize() {
        return createBatchSize;
    }

    /** @param createBatchSize rows per INSERT of batch writes, 0 or more */
    public void setCreateBatchSize(int createBatchSize) {
        this.createBatchSize = createBatchSize;
    }

    /** @return rows a streaming query asks for at a time */
    public int getFetchSize() {
        return fetchSize;
    }

    /** @param fetchSize rows a streaming query asks for at a time, 1 or more */
    public void setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    /** @return the statement timeout */
    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    /** @param statementTimeout the statement timeout, positive */
    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    /** @return whether single writes skip r2orm's default transaction */
    public boolean isSkipDefaultTransaction() {
        return skipDefaultTransaction;
    }

    /** @param skipDefaultTransaction whether single writes skip r2orm's default transaction */
    public void setSkipDefaultTransaction(boolean skipDefaultTransaction) {
        this.skipDefaultTransaction = skipDefaultTransaction;
    }

    /** The SQL logger ({@code dev.r2orm.sql} on SLF4J). */
    public static class Logger {
        /** What is logged: SILENT, ERROR (failed statements), WARN (and slow ones) or INFO (every statement). */
        private LogLevel level = LogLevel.WARN;
        /** Statements slower than this are logged at WARN. */
        private Duration slowThreshold = Duration.ofMillis(200);
        /** Whether logged SQL keeps its placeholders; false writes the bound values in. */
        private boolean parameterizedQueries = true;
        /** Whether a first() that finds nothing is left out of the error log. */
        private boolean ignoreRecordNotFound = true;

        /** @return the level */
        public LogLevel getLevel() {
            return level;
        }

        /** @param level the level */
        public void setLevel(LogLevel level) {
            this.level = level;
        }

        /** @return the slow-statement threshold */
        public Duration getSlowThreshold() {
            return slowThreshold;
        }

        /** @param slowThreshold the slow-statement threshold */
        public void setSlowThreshold(Duration slowThreshold) {
            this.slowThreshold = slowThreshold;
        }

        /** @return whether logged SQL keeps its placeholders */
        public boolean isParameterizedQueries() {
            return parameterizedQueries;
        }

        /** @param parameterizedQueries whether logged SQL keeps its placeholders */
        public void setParameterizedQueries(boolean parameterizedQueries) {
            this.parameterizedQueries = parameterizedQueries;
        }

        /** @return whether record-not-found errors are left out of the log */
        public boolean isIgnoreRecordNotFound() {
            return ignoreRecordNotFound;
        }

        /** @param ignoreRecordNotFound whether record-not-found errors are left out of the log */
        public void setIgnoreRecordNotFound(boolean ignoreRecordNotFound) {
            this.ignoreRecordNotFound = ignoreRecordNotFound;
        }
    }

    /** Table naming. */
    public static class Naming {
        /** A prefix put before every table name derived from a model. */
        private String tablePrefix = "";
        /** Whether table names are the singular of the model's name (user) rather than its plural (users). */
        private boolean singularTables;

        /** @return the table prefix */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /** @param tablePrefix the table prefix */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /** @return whether table names are singular */
        public boolean isSingularTables() {
            return singularTables;
        }

        /** @param singularTables whether table names are singular */
        public void setSingularTables(boolean singularTables) {
            this.singularTables = singularTables;
        }
    }

    /** Versioned migrations (golang-migrate's files) run at start-up, before the application takes requests. */
    public static class Migrate {
        /** Whether pending migrations run at start-up; a folder that does not exist is skipped with a log line. */
        private boolean enabled = true;
        /** The folder of the migration files: classpath:db/migration, file:/srv/migrations, ... */
        private String locations = "classpath:db/migration";
        /** The version table; its history table is named after it with _history. */
        private String table = "schema_migrations";
        /** The longest start-up waits for the migration lock another instance holds. */
        private Duration lockTimeout = Duration.ofSeconds(15);
        /** The longest one migration statement may run. */
        private Duration statementTimeout = Duration.ofHours(1);
        /** The longest the whole run may take before start-up fails. */
        private Duration timeout = Duration.ofHours(1);
        /** Whether a file older than the current version, never applied, is applied rather than refused. */
        private boolean outOfOrder;

        /** @return whether migrations run at start-up */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether migrations run at start-up */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the folder of the migration files */
        public String getLocations() {
            return locations;
        }

        /** @param locations the folder of the migration files */
        public void setLocations(String locations) {
            this.locations = locations;
        }

        /** @return the version table */
        public String getTable() {
            return table;
        }

        /** @param table the version table */
        public void setTable(String table) {
            this.table = table;
        }

        /** @return the lock timeout */
        public Duration getLockTimeout() {
            return lockTimeout;
        }

        /** @param lockTimeout the lock timeout */
        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        /** @return the statement timeout of migrations */
        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        /** @param statementTimeout the statement timeout of migrations */
        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }

        /** @return the bound of the whole run */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the bound of the whole run */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return whether files older than the current version are applied */
        public boolean isOutOfOrder() {
            return outOfOrder;
        }

        /** @param outOfOrder whether files older than the current version are applied */
        public void setOutOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
        }
    }

    /** Micrometer observations of r2orm's operations, when the application has an ObservationRegistry. */
    public static class Observations {
        /** Whether each r2orm operation is observed (named by the OpenTelemetry database conventions). */
        private boolean enabled = true;

        /** Creates the settings with their defaults. */
        public Observations() {
        }

        /** @return whether operations are observed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether operations are observed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
