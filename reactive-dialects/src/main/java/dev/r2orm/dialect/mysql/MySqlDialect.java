package dev.r2orm.dialect.mysql;

import dev.r2orm.ConstraintDetails;
import dev.r2orm.R2ormException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.ColumnTypes;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ErrorKind;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.dialect.SchemaCatalog;
import dev.r2orm.dialect.ValueLimits;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.R2dbcException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * MySQL 8 and MariaDB (io.asyncer r2dbc-mysql): {@code ?} bind markers, backtick-quoted identifiers, errors by
 * vendor code. Both report themselves as "MySQL" to R2DBC; the first connection's server version tells them apart
 * ({@code 5.5.5-10.11.6-MariaDB-...}). MariaDB 10.5 and later return keys with {@code RETURNING}; MySQL reads
 * {@code LAST_INSERT_ID()}, the rows of a multi-row insert getting consecutive ids.
 */
public final class MySqlDialect implements Dialect {

    /** MariaDB reports {@code 5.5.5-10.11.6-MariaDB-...} to old clients: the real version precedes "-MariaDB". */
    private static final Pattern MARIADB_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+-MariaDB");

    private static final ValueLimits LIMITS = new ValueLimits(true, false, false, 1, 9999,
            java.time.Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusNanos(999_999_000), false);

    private static final ColumnTypes TYPES = ColumnTypes.builder("MySQL/MariaDB")
            .standard()
            .put(String.class, MySqlDialect::stringType)
            .put(Integer.class, "int")
            .put(Byte.class, "tinyint")
            .put(Double.class, "double")
            .put(Float.class, "float")
            .put(BigDecimal.class, ColumnTypes.decimal("decimal", "decimal(65,30)"))
            .put(BigInteger.class, f -> "decimal(" + (f.precision() > 0 ? f.precision() : 38) + ",0)")
            .put(Instant.class, "datetime(6)")
            .put(OffsetDateTime.class, "datetime(6)")
            .put(LocalDateTime.class, "datetime(6)")
            .put(LocalTime.class, "time(6)")
            .put(UUID.class, "char(36)")
            .put(byte[].class, ColumnTypes.sized("varbinary", "longblob"))
            .put(java.time.Duration.class, "time(6)")
            .json("json")
            .databaseEnum(ColumnTypes::enumColumn)
            .build();

    private final String name;
    private final KeyStrategy keys;
    private final boolean refinable;

    private MySqlDialect(String name, KeyStrategy keys, boolean refinable) {
        this.name = name;
        this.keys = keys;
        this.refinable = refinable;
    }

    /** Creates the dialect; refined to MySQL or MariaDB by the first connection's server version. */
    public MySqlDialect() {
        this("MySQL", KeyStrategy.LAST_INSERT_ID, true);
    }

    /**
     * MySQL 8: keys through {@code LAST_INSERT_ID()}. Also usable on MariaDB, to run without {@code RETURNING}.
     *
     * @return the dialect, not refined by the server version
     */
    public static MySqlDialect mysql() {
        return new MySqlDialect("MySQL", KeyStrategy.LAST_INSERT_ID, false);
    }

    /**
     * MariaDB 10.5 or later: keys through {@code RETURNING}.
     *
     * @return the dialect, not refined by the server version
     */
    public static MySqlDialect mariaDb() {
        return new MySqlDialect("MariaDB", KeyStrategy.RETURNING, false);
    }

    /** NULL sorts before every value in ascending order. */
    @Override
    public boolean nullsSortHigh() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean matches(ConnectionFactoryMetadata metadata) {
        String n = metadata.getName();
        return "MySQL".equalsIgnoreCase(n) || "MariaDB".equalsIgnoreCase(n);
    }

    @Override
    public Dialect refine(ConnectionMetadata metadata) {
        if (!refinable) {
            return this;
        }
        String version = metadata.getDatabaseVersion();
        String product = metadata.getDatabaseProductName();
        boolean maria = version.contains("MariaDB") || product.contains("MariaDB");
        if (!maria) {
            return mysql();
        }
        Matcher m = MARIADB_VERSION.matcher(version);
        boolean returning = m.find() && (Integer.parseInt(m.group(1)) > 10
                || Integer.parseInt(m.group(1)) == 10 && Integer.parseInt(m.group(2)) >= 5);
        return returning ? mariaDb() : new MySqlDialect("MariaDB", KeyStrategy.LAST_INSERT_ID, false);
    }

    @Override
    public void bindMarker(StringBuilder sql, int index) {
        sql.append('?');
    }

    /** Refuses array fields, which MySQL and MariaDB cannot store, naming the field and the fix. */
    @Override
    public void bindField(SqlWriter w, @Nullable Object value, Field field) {
        if (field.arrayElement() != null) {
            throw new dev.r2orm.UnsupportedByDialectException("field " + field.name() + " is a "
                    + field.genericType().getTypeName() + ", and MySQL and MariaDB have no array columns; store it as"
                    + " JSON with @Serializer(JsonConverter.class)");
        }
        Dialect.super.bindField(w, value, field);
    }

    /**
     * A UUID binds as its text; a {@code Float} as the {@code Double} of the same value, since the driver writes a
     * float as its shortest decimal text, which the server reads as a double: {@code Float.MAX_VALUE} would then be
     * out of a {@code FLOAT} column's range, and a {@code FLOAT} column would never equal {@code 0.1f}.
     */
    @Override
    public Object bindValue(Object value) {
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value instanceof UUID ? value.toString() : value;
    }

    /** The data errors of {@link MySqlErrors} (1264, 1292, 1366, 1406, ...), which come without an SQLSTATE. */
    @Override
    public boolean isDataError(R2dbcException error) {
        return MySqlErrors.dataError(error.getErrorCode()) != null || Dialect.super.isDataError(error);
    }

    /**
     * Writes literals MySQL and MariaDB accept, where the backslash is an escape in string literals (unless the
     * server runs with {@code NO_BACKSLASH_ESCAPES}): text is quoted with {@code '} doubled and {@code \} doubled
     * ({@code 'O''Brien \\ x'}); booleans are {@code TRUE}/{@code FALSE}; date-times are
     * {@code '2026-11-25 10:00:00.000000'}, an {@code Instant}, {@code OffsetDateTime} or {@code ZonedDateTime} in
     * UTC, since a {@code DATETIME} refuses ISO text with a {@code T} or a zone in strict mode. UTC matches the
     * stored value when the driver's connection time zone is UTC (the JVM's by default). Other values as
     * {@link Dialect#literal(StringBuilder, Object)}.
     */
    @Override
    public void literal(StringBuilder sql, @org.jspecify.annotations.Nullable Object value) {
        LocalDateTime time = value instanceof LocalDateTime l ? l
                : value instanceof Instant i ? LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC)
                : value instanceof OffsetDateTime o ? LocalDateTime.ofInstant(o.toInstant(), java.time.ZoneOffset.UTC)
                : value instanceof java.time.ZonedDateTime z
                        ? LocalDateTime.ofInstant(z.toInstant(), java.time.ZoneOffset.UTC) : null;
        if (time != null) {
            sql.append('\'').append(time.toLocalDate()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%tT.%06d", time, time.getNano() / 1_000))
                    .append('\'');
        } else if (value instanceof Boolean b) {
            sql.append(b ? "TRUE" : "FALSE");
        } else if (value == null || value instanceof Number || value instanceof LocalDate || value instanceof LocalTime
                || value.getClass().isArray()) {
            Dialect.super.literal(sql, value);
        } else {
            sql.append('\'').append(value.toString().replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
    }

    @Override
    public char quoteChar() {
        return '`';
    }

    @Override
    public void limit(SqlWriter sql, long limit, long offset) {
        if (limit < 0 && offset > 0) {
            sql.keyword("LIMIT 18446744073709551615 OFFSET ").keyword(Long.toString(offset));
            return;
        }
        Dialect.super.limit(sql, limit, offset);
    }

    @Override
    public void indexHint(SqlWriter sql, dev.r2orm.clause.IndexHint hint) {
        sql.keyword(hint.kind()).keyword(" INDEX (");
        for (int i = 0; i < hint.indexes().size(); i++) {
            if (i > 0) {
                sql.keyword(",");
            }
            sql.identifier(hint.indexes().get(i));
        }
        sql.keyword(")");
    }

    /** MariaDB returns the rows of a {@code DELETE} ({@code RETURNING}, 10.0+); MySQL returns none. */
    @Override
    public dev.r2orm.clause.Sql returning(dev.r2orm.Statement statement, java.util.List<String> order,
            boolean delete) {
        if (delete && name.equals("MariaDB")) {
            return Dialect.super.returning(statement, order, true);
        }
        throw new dev.r2orm.UnsupportedByDialectException(name + " cannot return the rows of "
                + (delete ? "a DELETE" : "an UPDATE") + (name.equals("MariaDB") ? " (MariaDB returns rows of a DELETE"
                + " only)" : "") + "; read them with a query in the same transaction");
    }

    /**
     * MySQL and MariaDB keep NUL in text but no NaN, infinity or negative zero in {@code FLOAT} and {@code DOUBLE};
     * {@code DATE} and {@code DATETIME} hold the years 1 to 9999, {@code TIME} (a {@link java.time.Duration}'s column)
     * up to 838:59:59.999999 either side of zero.
     *
     * @return the limits
     */
    @Override
    public ValueLimits valueLimits() {
        return LIMITS;
    }

    @Override
    public KeyStrategy keyStrategy() {
        return keys;
    }

    @Override
    public String columnType(Field f) {
        return TYPES.of(f);
    }

    /**
     * Unsized text is {@code longtext}, except where it must be indexable (keys, unique columns) or carries a
     * {@code DEFAULT}, which MySQL refuses on text columns.
     */
    private static String stringType(Field f) {
        if (f.size() > 0) {
            return f.size() <= 16_383 ? "varchar(" + f.size() + ")" : "longtext";
        }
        return f.isPrimaryKey() || f.isUnique() || !f.defaultValue().isEmpty() ? "varchar(255)" : "longtext";
    }

    @Override
    public String autoIncrementType(Field f) {
        Class<?> t = f.boxedType();
        return (t == Integer.class ? "int" : t == Short.class ? "smallint" : "bigint") + " AUTO_INCREMENT";
    }

    @Override
    public dev.r2orm.dialect.Ddl ddl() {
        return new MySqlDdl(this);
    }

    @Override
    public String hasTableSql() {
        return "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?";
    }

    @Override
    public String hasConstraintSql() {
        return "SELECT 1 FROM information_schema.table_constraints WHERE table_schema = DATABASE()"
                + " AND table_name = ? AND constraint_name = ?";
    }

    @Override
    public SchemaCatalog catalog() {
        return MySqlCatalog.INSTANCE;
    }

    /**
     * Too many connections (1040), server shutdown (1053), aborted connection (1152), network read and write errors
     * (1158-1161), connection killed (1927), client-side connection errors (2002, 2003, 2006 server gone away, 2013 lost
     * connection), and MySQL 8's idle disconnect (4031).
     */
    @Override
    public boolean isConnectionError(R2dbcException error) {
        switch (error.getErrorCode()) {
            case 1040: case 1053: case 1152: case 1158: case 1159: case 1160: case 1161: case 1927:
            case 2002: case 2003: case 2006: case 2013: case 4031:
                return true;
            default:
                return false;
        }
    }

    /** MariaDB's {@code max_statement_time} (1969) and MySQL's {@code max_execution_time} (3024). */
    @Override
    public boolean isStatementTimeout(R2dbcException error) {
        return error.getErrorCode() == 1969 || error.getErrorCode() == 3024;
    }

    /**
     * {@inheritDoc} r2dbc-mysql queues its goodbye behind the statements in flight, so its {@code close()} never ends
     * while the server is silent: its client's own forced close is used instead (closing the socket at once).
     * Cancelling stops only the waiting: a socket whose close began is closed all the same.
     */
    @Override
    public Mono<Void> forceClose(Connection connection) {
        return MySqlSessions.forceClose(connection);
    }

    /**
     * {@inheritDoc} {@code KILL QUERY} with the connection's id, sent on a connection of its own (the server stops
     * the statement; the connection stays open). Cancelling closes the connection the kill is sent on; a kill already
     * sent still stops the statement. Nothing is sent, and the result completes, when the connection's id cannot be
     * read; a connection that cannot be opened signals the driver's error.
     */
    @Override
    public Mono<Void> cancelStatement(Connection connection, io.r2dbc.spi.ConnectionFactory factory) {
        return MySqlSessions.killQuery(connection, factory);
    }

    /**
     * {@inheritDoc} Errors are told apart by the server's code (SQLSTATE 23000 covers every constraint); a constraint
     * violation carries the constraint, table and column read from the message; an unknown column (1054) the column;
     * a data error (1264 out of range, 1292 bad date, 1366 bad value, 1406 too long, ...) is an
     * {@link dev.r2orm.InvalidValueException} naming the column the message names.
     */
    /**
     * r2dbc-mysql raises many of the server's answers as resource errors (1005 "can't create table", 1792 "read-only
     * transaction", often without SQLSTATE): a server error code (1000-1999, 3000-4999) is one, unless it says the
     * session ended ({@link #isConnectionError}) or the statement was interrupted (1317, a KILL QUERY).
     */
    @Override
    public boolean isStatementError(R2dbcException error) {
        int code = error.getErrorCode();
        boolean server = code >= 1000 && code < 2000 || code >= 3000 && code < 5000;
        return server && code != 1317 && !isConnectionError(error) || Dialect.super.isStatementError(error);
    }

    @Override
    public R2ormException translate(Throwable error, String sql) {
        ErrorKind kind = ErrorKind.OTHER;
        if (error instanceof R2dbcException) {
            R2dbcException e = (R2dbcException) error;
            String data = MySqlErrors.dataError(e.getErrorCode());
            if (data != null) {
                return ErrorKind.invalidValue(error, sql, MySqlErrors.valueColumn(e.getMessage()), data);
            }
            switch (e.getErrorCode()) {
                case 1062: case 1586: kind = ErrorKind.DUPLICATE_KEY; break;
                case 1451: case 1452: case 1216: case 1217: kind = ErrorKind.FOREIGN_KEY; break;
                case 4025: case 3819: kind = ErrorKind.CHECK; break;
                case 1048: case 1364: kind = ErrorKind.NOT_NULL; break;
                case 1213: kind = ErrorKind.DEADLOCK; break;
                case 1054: kind = ErrorKind.UNDEFINED_COLUMN; break;
                case 1792: kind = ErrorKind.READ_ONLY; break;
                default:
                    if ("40001".equals(e.getSqlState())) {
                        kind = ErrorKind.DEADLOCK;
                    } else if ("23000".equals(e.getSqlState())) {
                        kind = ErrorKind.CONSTRAINT;
                    } else if (e.getSqlState() != null && e.getSqlState().startsWith("22")) {
                        return ErrorKind.invalidValue(error, sql, MySqlErrors.valueColumn(e.getMessage()),
                                ErrorKind.dataError(e.getSqlState()));
                    }
            }
            if (kind.isConstraint()) {
                return kind.toException(error, sql, MySqlErrors.details(e.getErrorCode(), e.getMessage()));
            }
            if (kind == ErrorKind.UNDEFINED_COLUMN) {
                return kind.toException(error, sql,
                        new ConstraintDetails(null, null, MySqlErrors.missingColumn(e.getMessage())));
            }
        }
        return kind.toException(error, sql);
    }

    /**
     * {@code FOR UPDATE}, and {@code FOR SHARE} on MySQL 8 but {@code LOCK IN SHARE MODE} on MariaDB (which has no
     * {@code FOR SHARE}), each optionally followed by {@code NOWAIT} or {@code SKIP LOCKED} (MariaDB 10.6+).
     *
     * @throws UnsupportedByDialectException for {@code OF} tables
     */
    @Override
    public void lock(SqlWriter sql, Locking locking) {
        if (!locking.tables().isEmpty()) {
            throw new UnsupportedByDialectException(name + " does not support FOR " + locking.strength()
                    + " OF tables (row locks limited to some tables of a join)");
        }
        if (locking.strength() == Locking.Strength.SHARE && "MariaDB".equals(name)) {
            sql.keyword("LOCK IN SHARE MODE");
            if (locking.options() != Locking.Wait.WAIT) {
                sql.keyword(locking.options() == Locking.Wait.NOWAIT ? " NOWAIT" : " SKIP LOCKED");
            }
            return;
        }
        Dialect.super.lock(sql, locking);
    }

    /**
     * {@code ON DUPLICATE KEY UPDATE `name`=VALUES(`name`)}, or {@code `count`=?} for an assignment; a do-nothing is
     * {@code ON DUPLICATE KEY UPDATE `id`=`id`} on the first key column (as GORM writes it). The conflict target is
     * ignored: a collision on any unique key fires the update.
     *
     * @throws IllegalStateException for a do-nothing with no key, no target and no inserted column
     */
    /** @return {@code true}: a do-nothing upsert sets {@code LAST_INSERT_ID(0)} on a collision */
    @Override
    public boolean upsertSetsLastInsertId() {
        return true;
    }

    @Override
    public void upsert(SqlWriter sql, OnConflict onConflict, List<String> insertColumns, List<String> keyColumns) {
        sql.keyword("ON DUPLICATE KEY UPDATE ");
        if (onConflict.doesNothing(insertColumns, keyColumns)) {
            List<String> any = !keyColumns.isEmpty() ? keyColumns
                    : !onConflict.target().isEmpty() ? onConflict.target() : insertColumns;
            if (any.isEmpty()) {
                throw new IllegalStateException("ON DUPLICATE KEY UPDATE that does nothing needs a column to assign"
                        + " to itself: a primary key, a conflict target or an inserted column");
            }
            // a no-op assignment that also sets LAST_INSERT_ID() to 0, so a create can tell the row was skipped
            sql.identifier(any.get(0)).keyword("=IF(LAST_INSERT_ID(0),").identifier(any.get(0)).keyword(",")
                    .identifier(any.get(0)).keyword(")");
            return;
        }
        String sep = "";
        if (onConflict.action() == OnConflict.Action.ASSIGN) {
            for (Map.Entry<String, @Nullable Object> a : onConflict.assignments().entrySet()) {
                sql.keyword(sep).identifier(a.getKey()).keyword("=");
                OnConflict.writeValue(sql, a.getValue());
                sep = ",";
            }
            return;
        }
        for (String c : onConflict.updatedColumns(insertColumns, keyColumns)) {
            sql.keyword(sep).identifier(c).keyword("=VALUES(").identifier(c).keyword(")");
            sep = ",";
        }
    }

    @Override
    public String toString() {
        return name + " (" + keys + ")";
    }
}
