package dev.r2orm.dialect;

import dev.r2orm.R2ormException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Values;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What differs between databases: bind markers, identifier quoting, limit syntax, how an insert returns generated
 * keys, DDL types, and how driver errors translate into r2orm's exception tree.
 *
 * <p>Implementations are stateless and thread-safe. They are found with {@link java.util.ServiceLoader} (register the
 * class in {@code META-INF/services/dev.r2orm.dialect.Dialect}) by {@link #matches(ConnectionFactoryMetadata)}, or set
 * explicitly with {@link dev.r2orm.Config.Builder#dialect(Dialect)}.
 */
public interface Dialect {

    /**
     * The dialect's name, used in error messages, for example {@code "PostgreSQL"}.
     *
     * @return the name, never empty
     */
    String name();

    /**
     * Whether this dialect serves connections of the given factory.
     *
     * @param metadata the connection factory's metadata ({@code H2}, {@code PostgreSQL}, {@code MySQL}, ...)
     * @return {@code true} when this dialect should be used
     */
    boolean matches(ConnectionFactoryMetadata metadata);

    /**
     * Returns the dialect to use once a real connection has told the server's product and version, for example
     * MariaDB (with {@code RETURNING}) rather than MySQL. Called once per {@code Db}, on its first connection.
     *
     * @param metadata the first connection's metadata
     * @return this dialect or a more specific one
     */
    default Dialect refine(ConnectionMetadata metadata) {
        return this;
    }

    /**
     * Appends the bind marker of the parameter at {@code index}.
     *
     * @param sql the SQL being written
     * @param index the zero-based parameter index
     */
    void bindMarker(StringBuilder sql, int index);

    /**
     * Converts a value into what the driver can bind, for types it lacks (UUID on MySQL, as text). Called for every
     * non-null bind.
     *
     * @param value the value
     * @return the value to bind
     */
    default Object bindValue(Object value) {
        return value;
    }

    /**
     * Writes the bind of an enum's database label (or of a null enum). By default a string; PostgreSQL lets the server
     * type it, so that it matches an enum type's column, and H2 casts it to {@code VARCHAR}.
     *
     * @param w the writer
     * @param label the label, or null for SQL NULL
     */
    default void bindLabel(SqlWriter w, @Nullable String label) {
        w.bindAsIs(label, String.class);
    }

    /**
     * Writes the bind of a field the dialect binds itself ({@link Field#isTypedBind()}: a declared column type, JSON,
     * an array). By default an array field binds as an array of its element type and anything else as
     * {@link SqlWriter#bind(Object, Class)} would.
     *
     * @param w the writer
     * @param value the value as the column stores it, or null
     * @param field the field
     * @throws UnsupportedByDialectException when the database cannot store the field
     */
    default void bindField(SqlWriter w, @Nullable Object value, Field field) {
        Class<?> element = field.arrayElement();
        if (element != null) {
            w.bindAsIs(field.toArray(value), java.lang.reflect.Array.newInstance(element, 0).getClass());
        } else {
            w.bind(value, field.storedType());
        }
    }

    /**
     * Binds one value of a rendered statement to the driver's statement. By default a null binds with its type and a
     * value as it is; a {@link dev.r2orm.clause.ServerTyped} value binds as a string.
     *
     * @param statement the driver's statement
     * @param index the zero-based index
     * @param value the value, or null
     * @param type the value's type from {@link dev.r2orm.clause.Sql#types()}
     */
    default void bind(io.r2dbc.spi.Statement statement, int index, @Nullable Object value, Class<?> type) {
        if (value != null) {
            statement.bind(index, value);
        } else {
            statement.bindNull(index, type == dev.r2orm.clause.ServerTyped.class ? String.class : type);
        }
    }

    /**
     * Appends a value as an SQL literal of this dialect, for logs that show statements with their values inlined
     * ({@link dev.r2orm.clause.Sql#inlined()}), so that a logged statement can be pasted into a database console;
     * never used to build executed SQL. The default suits PostgreSQL and H2:
     *
     * <table>
     *   <caption>Literals</caption>
     *   <tr><th>value</th><th>literal</th></tr>
     *   <tr><td>null</td><td>{@code NULL}</td></tr>
     *   <tr><td>number, boolean</td><td>as written by {@code toString()}: {@code 42}, {@code 12.50}, {@code true};
     *       NaN and infinities quoted: {@code 'NaN'}</td></tr>
     *   <tr><td>{@code byte[]}</td><td>hex: {@code X'0aff'}</td></tr>
     *   <tr><td>other arrays</td><td>{@code ARRAY[1,2]}</td></tr>
     *   <tr><td>{@code Instant}</td><td>{@code '2026-11-25 10:00:00+00:00'} (UTC)</td></tr>
     *   <tr><td>{@code OffsetDateTime}, {@code ZonedDateTime}</td><td>{@code '2026-11-25 11:00:00.5+01:00'}</td></tr>
     *   <tr><td>{@code LocalDateTime}, {@code LocalTime}</td><td>{@code '2026-11-25 10:00:00'}, {@code '10:00:00'}
     *       (seconds always written: H2 refuses {@code 11:00+01:00})</td></tr>
     *   <tr><td>anything else ({@code String}, {@code LocalDate}, {@code UUID}, ...)</td>
     *       <td>{@code toString()} single-quoted, quotes doubled: {@code 'O''Brien'}</td></tr>
     * </table>
     *
     * <p>A dialect whose strings treat the backslash as an escape (MySQL, MariaDB) must override this.
     *
     * @param sql the text being written; a negative number after a {@code -} is set apart by a space, so that it
     *     does not start a comment
     * @param value the value, or null for {@code NULL}
     */
    default void literal(StringBuilder sql, @Nullable Object value) {
        if (value == null) {
            sql.append("NULL");
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            sql.append('\'').append(value).append('\'');
        } else if (value instanceof Number || value instanceof Boolean) {
            String text = value.toString();
            if (text.startsWith("-") && sql.length() > 0 && sql.charAt(sql.length() - 1) == '-') {
                sql.append(' ');
            }
            sql.append(text);
        } else if (value instanceof byte[] bytes) {
            sql.append("X'");
            for (byte b : bytes) {
                sql.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            sql.append('\'');
        } else if (value.getClass().isArray()) {
            sql.append("ARRAY[");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                if (i > 0) {
                    sql.append(',');
                }
                literal(sql, java.lang.reflect.Array.get(value, i));
            }
            sql.append(']');
        } else {
            Object v = value instanceof java.time.Instant i ? i.atOffset(java.time.ZoneOffset.UTC)
                    : value instanceof java.time.ZonedDateTime z ? z.toOffsetDateTime() : value;
            java.time.LocalTime time = v instanceof java.time.OffsetDateTime o ? o.toLocalTime()
                    : v instanceof java.time.LocalDateTime l ? l.toLocalTime()
                    : v instanceof java.time.OffsetTime o ? o.toLocalTime()
                    : v instanceof java.time.LocalTime l ? l : null;
            if (time == null) {
                sql.append('\'').append(value.toString().replace("'", "''")).append('\'');
                return;
            }
            sql.append('\'');
            if (v instanceof java.time.OffsetDateTime o) {
                sql.append(o.toLocalDate()).append(' ');
            } else if (v instanceof java.time.LocalDateTime l) {
                sql.append(l.toLocalDate()).append(' ');
            }
            sql.append(String.format(java.util.Locale.ROOT, "%tT", time));
            if (time.getNano() != 0) {
                String nanos = String.format(java.util.Locale.ROOT, "%09d", time.getNano());
                sql.append('.').append(nanos.replaceFirst("0+$", ""));
            }
            java.time.ZoneOffset offset = v instanceof java.time.OffsetDateTime o ? o.getOffset()
                    : v instanceof java.time.OffsetTime o ? o.getOffset() : null;
            if (offset != null) {
                sql.append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
            }
            sql.append('\'');
        }
    }

    /**
     * Appends an identifier, quoted. An identifier holding the quote character or a NUL is rejected.
     *
     * @param sql the SQL being written
     * @param identifier the unquoted identifier
     * @throws IllegalArgumentException if the identifier cannot be quoted safely
     */
    default void quote(StringBuilder sql, String identifier) {
        char q = quoteChar();
        if (identifier.isEmpty() || identifier.indexOf(q) >= 0 || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid SQL identifier '" + identifier + "' for " + name()
                    + ": it is empty or holds " + q + " or NUL");
        }
        sql.append(q).append(identifier).append(q);
    }

    /**
     * The identifier quote character: {@code "} in standard SQL, a backtick on MySQL.
     *
     * @return the quote character
     */
    default char quoteChar() {
        return '"';
    }

    /**
     * Writes the limit and offset of a query, for example {@code LIMIT 10 OFFSET 20}. The numbers are written as
     * constants: they are integers r2orm checked, never user text.
     *
     * @param sql the SQL being written
     * @param limit the row limit, or a negative number for none
     * @param offset the rows to skip, or 0 for none
     */
    default void limit(SqlWriter sql, long limit, long offset) {
        if (limit >= 0) {
            sql.keyword("LIMIT ").keyword(Long.toString(limit));
        }
        if (offset > 0) {
            sql.keyword(limit >= 0 ? " OFFSET " : "OFFSET ").keyword(Long.toString(offset));
        }
    }

    /**
     * Writes a row lock after a query's {@code LIMIT}. By default the standard forms: {@code FOR UPDATE} or
     * {@code FOR SHARE}, then {@code NOWAIT} or {@code SKIP LOCKED}, for example {@code FOR UPDATE SKIP LOCKED}.
     *
     * @param sql the SQL being written
     * @param locking the lock
     * @throws UnsupportedByDialectException naming the dialect and the form, for a form it cannot run; by default
     *     {@code OF} tables
     */
    default void lock(SqlWriter sql, Locking locking) {
        if (!locking.tables().isEmpty()) {
            throw new UnsupportedByDialectException(name() + " does not support FOR " + locking.strength()
                    + " OF tables (row locks limited to some tables of a join)");
        }
        sql.keyword(locking.strength() == Locking.Strength.UPDATE ? "FOR UPDATE" : "FOR SHARE");
        if (locking.options() == Locking.Wait.NOWAIT) {
            sql.keyword(" NOWAIT");
        } else if (locking.options() == Locking.Wait.SKIP_LOCKED) {
            sql.keyword(" SKIP LOCKED");
        }
    }

    /**
     * Whether an upsert that does nothing sets {@code LAST_INSERT_ID()} to 0 on a collision (MySQL and MariaDB, which
     * report a colliding row as found, not skipped), so that a create can tell an inserted row from a skipped one;
     * otherwise the dialect returns inserted rows only ({@code RETURNING}, generated values).
     *
     * @return {@code false} by default
     */
    default boolean upsertSetsLastInsertId() {
        return false;
    }

    /**
     * Writes what an {@code INSERT} does on a collision, after its {@code VALUES}. By default PostgreSQL's form:
     * {@code ON CONFLICT DO NOTHING}, {@code ON CONFLICT ("email") DO NOTHING},
     * {@code ON CONFLICT ("id") DO UPDATE SET "name"=EXCLUDED."name"} or {@code ... SET "count"=$5}. An update
     * targets {@link OnConflict#target()}, else the primary key; a do-nothing without a target ignores any unique key.
     *
     * @param sql the SQL being written
     * @param onConflict the upsert
     * @param insertColumns the inserted columns, in order (needed by {@link OnConflict.Action#UPDATE_ALL})
     * @param keyColumns the table's primary key columns, empty when it has none
     * @throws IllegalStateException if an update has no target and the table no primary key
     * @throws UnsupportedByDialectException if the dialect upserts another way ({@link #upsertReplacesInsert()})
     */
    default void upsert(SqlWriter sql, OnConflict onConflict, List<String> insertColumns, List<String> keyColumns) {
        boolean nothing = onConflict.doesNothing(insertColumns, keyColumns);
        List<String> target = nothing && onConflict.action() == OnConflict.Action.DO_NOTHING
                ? onConflict.target() : onConflict.targetOr(keyColumns);
        if (!nothing && target.isEmpty()) {
            throw new IllegalStateException("ON CONFLICT DO UPDATE needs a conflict target: name the columns of a"
                    + " unique key with OnConflict.on(...), or give the table a primary key");
        }
        sql.keyword("ON CONFLICT ");
        if (!target.isEmpty()) {
            sql.keyword("(");
            for (int i = 0; i < target.size(); i++) {
                sql.keyword(i == 0 ? "" : ",").identifier(target.get(i));
            }
            sql.keyword(") ");
        }
        if (nothing) {
            sql.keyword("DO NOTHING");
            return;
        }
        sql.keyword("DO UPDATE SET ");
        if (onConflict.action() == OnConflict.Action.ASSIGN) {
            String sep = "";
            for (java.util.Map.Entry<String, @Nullable Object> a : onConflict.assignments().entrySet()) {
                sql.keyword(sep).identifier(a.getKey()).keyword("=");
                OnConflict.writeValue(sql, a.getValue());
                sep = ",";
            }
            return;
        }
        List<String> columns = onConflict.updatedColumns(insertColumns, keyColumns);
        for (int i = 0; i < columns.size(); i++) {
            sql.keyword(i == 0 ? "" : ",").identifier(columns.get(i)).keyword("=EXCLUDED.").identifier(columns.get(i));
        }
    }

    /**
     * Whether an upsert is a statement of its own rather than an {@code INSERT} with a clause: then the statement
     * assembler renders it whole with {@link #merge(SqlWriter, Insert, Values, OnConflict, List)} and not with
     * {@link #upsert(SqlWriter, OnConflict, List, List)}. True for H2, which has no {@code ON CONFLICT}.
     *
     * @return {@code false} by default
     */
    default boolean upsertReplacesInsert() {
        return false;
    }

    /**
     * Writes a whole upsert as one {@code MERGE} statement, for dialects whose {@link #upsertReplacesInsert()} is true.
     * Every value is bound.
     *
     * @param sql the SQL being written, empty
     * @param insert the table and its inserted columns
     * @param values the rows, one value per inserted column
     * @param onConflict the upsert
     * @param keyColumns the table's primary key columns, empty when it has none
     * @throws UnsupportedByDialectException by default, and where the dialect cannot express the upsert
     */
    default void merge(SqlWriter sql, Insert insert, Values values, OnConflict onConflict, List<String> keyColumns) {
        throw new UnsupportedByDialectException(name() + " does not support MERGE upserts: use INSERT with "
                + "ON CONFLICT (Dialect.upsert)");
    }

    /**
     * Writes an index hint after the table ({@code USE INDEX (...)}); only MySQL and MariaDB have them.
     *
     * @param sql the SQL being written
     * @param hint the hint
     * @throws dev.r2orm.UnsupportedByDialectException by default
     */
    default void indexHint(SqlWriter sql, dev.r2orm.clause.IndexHint hint) {
        throw new dev.r2orm.UnsupportedByDialectException(name() + " has no index hints (" + hint.kind()
                + " INDEX); they exist on MySQL and MariaDB");
    }

    /**
     * Renders an {@code UPDATE} or {@code DELETE} so that it returns the rows it changed: with a {@code RETURNING *}
     * clause by default (PostgreSQL).
     *
     * @param statement the statement, without a {@code RETURNING} clause
     * @param order its clause order ({@code Statement.UPDATE} or {@code Statement.DELETE})
     * @param delete whether it is a delete (which returns the rows as they were)
     * @return the SQL
     * @throws dev.r2orm.UnsupportedByDialectException when the database cannot return rows of that statement
     */
    default Sql returning(dev.r2orm.Statement statement, List<String> order, boolean delete) {
        return statement.with(new dev.r2orm.clause.Returning(List.of())).render(this, order);
    }

    /**
     * How an {@code INSERT} gives back the keys the database generated.
     *
     * @return the key strategy
     */
    KeyStrategy keyStrategy();

    /**
     * What this database can store beyond a column's declared size, precision and scale: whether text keeps NUL,
     * whether floating-point columns keep NaN, the infinities and a negative zero, the years of dates and timestamps, the longest
     * duration. A model value outside them is refused with an {@link dev.r2orm.InvalidValueException} before any SQL
     * is sent; NUL is also refused in the bound values of raw statements where text cannot keep it.
     *
     * @return {@link ValueLimits#STANDARD} by default
     */
    default ValueLimits valueLimits() {
        return ValueLimits.STANDARD;
    }

    /**
     * The most bind values one statement may carry; batch inserts are split below it.
     *
     * @return a positive bind limit
     */
    default int maxBindValues() {
        return 65_535;
    }

    /**
     * Whether NULL sorts after every value in ascending order (PostgreSQL) rather than before it (MariaDB, MySQL,
     * H2); keyset pagination over nullable columns depends on it.
     *
     * @return {@code true} by default
     */
    default boolean nullsSortHigh() {
        return true;
    }

    /**
     * Whether the database refuses writes in a transaction begun read-only ({@code TransactionDefinition.READ_ONLY}).
     * Where it does not, r2orm refuses the statements that write before sending them, with a
     * {@link dev.r2orm.ReadOnlyTransactionException}.
     *
     * @return {@code true} by default
     */
    default boolean enforcesReadOnly() {
        return true;
    }

    /**
     * Whether {@link #copyIn} loads rows through a bulk path of the server.
     *
     * @return {@code false} by default
     */
    default boolean supportsCopyIn() {
        return false;
    }

    /**
     * The statement of a bulk load into a table (PostgreSQL: {@code COPY "t" ("a","b") FROM STDIN}).
     *
     * @param table the table
     * @param columns the columns, in the order of each row's values
     * @return the statement
     * @throws UnsupportedByDialectException by default
     */
    default String copyInSql(String table, List<String> columns) {
        throw new UnsupportedByDialectException(name() + " has no bulk load path; r2orm inserts multi-row INSERTs");
    }

    /**
     * Loads rows through the server's bulk path, requesting them only as fast as the server takes them. Called only
     * when {@link #supportsCopyIn()}.
     *
     * @param connection the connection, possibly a pool's wrapper of the driver's
     * @param sql the statement, from {@link #copyInSql}
     * @param columns the columns, in the order of each row's values
     * @param rows each row's values, already converted for storage; null is SQL NULL
     * @return emits the rows loaded; signals the driver's error, and on cancel abandons the load
     * @throws UnsupportedByDialectException by default
     */
    default Mono<Long> copyIn(Connection connection, String sql, List<String> columns, Flux<@Nullable Object[]> rows) {
        throw new UnsupportedByDialectException(name() + " has no bulk load path; r2orm inserts multi-row INSERTs");
    }

    /**
     * The SQL type of the elements of a bound array that carries one column of a multi-row {@code INSERT}, for a
     * dialect that inserts many rows as {@code INSERT ... SELECT * FROM unnest(CAST($1 AS text[]), ...)} (one bind per
     * column instead of one per value; see {@link dev.r2orm.clause.ColumnArrays}). Null means the column's values go
     * into a {@code VALUES} list.
     *
     * @param storedType the Java type the column stores, boxed (an enum is stored as its name)
     * @return the element type, such as {@code bigint}; null by default
     */
    default @Nullable String arrayElementType(Class<?> storedType) {
        return null;
    }

    /**
     * How many rows one multi-row {@code INSERT} of {@code columns} columns may carry under {@link #maxBindValues()}.
     *
     * @param columns the columns per row
     * @return at least 1
     */
    default int rowsPerInsert(int columns) {
        return Math.max(1, maxBindValues() / Math.max(1, columns));
    }

    /**
     * The column type of a field in DDL, for example {@code bigint} or {@code varchar(255)}: the field's explicit
     * {@code @Column(type)} wins, else the type follows from the Java type, the size and precision.
     *
     * @param field the field
     * @return the SQL type
     * @throws dev.r2orm.InvalidModelException if the Java type has no column type in this dialect
     */
    String columnType(Field field);

    /**
     * The column type of an auto-increment primary key of the given field, for example {@code bigserial}.
     *
     * @param field the auto-increment field
     * @return the SQL type with whatever makes it generate values
     */
    String autoIncrementType(Field field);

    /**
     * A query with one bind value (the table name) that returns a row when the table exists in the current schema.
     *
     * @return SQL using this dialect's bind marker
     */
    String hasTableSql();

    /**
     * A query with two bind values (table name, constraint name) that returns a row when the table in the current
     * schema has that constraint.
     *
     * @return SQL using this dialect's bind markers
     */
    String hasConstraintSql();

    /**
     * The DDL forms of this dialect for the migrator.
     *
     * @return the DDL writer
     * @throws UnsupportedByDialectException by default
     */
    default Ddl ddl() {
        throw new UnsupportedByDialectException(name() + " has no DDL support for the migrator");
    }

    /**
     * How this dialect reads the database's catalog (tables, columns, indexes, constraints) for the migrator.
     *
     * @return the catalog reader
     * @throws UnsupportedByDialectException by default
     */
    default SchemaCatalog catalog() {
        throw new UnsupportedByDialectException(name() + " cannot read its schema catalog");
    }

    /**
     * Checks, once per {@code Db} on its first connection, that the database is set up as r2orm needs, and says what to
     * change when it is not (for example H2 folding unquoted names to upper case). Until a check passes, every
     * operation fails with its error.
     *
     * <p>Cancelling: the check is cancelled with the operation that took the first connection; a cancelled check does
     * not count as passed, so the next connection is checked again.
     *
     * @param connection the first connection
     * @return completes when the database fits; errors with an {@link dev.r2orm.R2ormException} naming the fix
     */
    default Mono<Void> check(Connection connection) {
        return Mono.empty();
    }

    /**
     * Whether a driver error is the server's answer to the statement (an invalid transaction state such as a write in
     * a read-only transaction, a table it cannot create, ...): the connection is fine, though drivers raise some such
     * errors as resource exceptions, which otherwise mean a broken connection.
     *
     * @param error the driver's error
     * @return true for SQLSTATE class 25 by default
     */
    default boolean isStatementError(io.r2dbc.spi.R2dbcException error) {
        String state = error.getSqlState();
        return state != null && state.startsWith("25");
    }

    /**
     * Whether a driver error means the connection broke or was refused, beyond what r2orm knows for every database
     * (R2DBC resource errors, network I/O errors, SQLSTATE class 08): for example MySQL's "server has gone away". Such
     * errors become {@link dev.r2orm.ConnectionLostException} or {@link dev.r2orm.ConnectionUnavailableException}.
     *
     * @param error the driver's error
     * @return {@code false} by default
     */
    default boolean isConnectionError(io.r2dbc.spi.R2dbcException error) {
        return false;
    }

    /**
     * Closes a driver connection whose state is unknown (a statement got no answer in time, or a cancelled one is still
     * being answered) without waiting for the server: its socket is closed, and whatever waited on it fails. A driver
     * whose {@code close()} waits for the statements before it (r2dbc-mysql sends its goodbye after them) needs its
     * own way here.
     *
     * <p>Cancelling: r2orm cancels a close that takes more than a second and leaves the connection to the pool's
     * validation, which drops it; an implementation should let a close it began finish.
     *
     * @param connection the driver's connection, not a pooled wrapper
     * @return completes when the connection is closed; errors (the driver's error, logged by r2orm at debug) when it
     *     could not be
     */
    default Mono<Void> forceClose(Connection connection) {
        return Mono.from(connection.close());
    }

    /**
     * Asks the database to stop the statement running on a connection, from outside it (PostgreSQL's cancel request,
     * H2's session cancel, MySQL's {@code KILL QUERY}). r2orm calls it when a statement timed out, and when a
     * subscriber cancelled a statement that runs outside a transaction and the connection did not answer within
     * {@link #cancelGrace()}: every driver here reads a cancelled statement's answer to its end before the next one,
     * so a long statement would hold its pooled connection to its end (and the server would run it to its end). The
     * connection goes back to the pool only once it answers a validation within the statement timeout, and is closed
     * otherwise.
     *
     * <p>Cancelling: r2orm cancels a request the server has not taken within five seconds (for a timed-out statement)
     * or within the statement timeout (for a cancelled one), and then closes the connection; a request already sent is
     * not recalled, and a connection opened to send it must be closed on cancel too.
     *
     * @param connection the driver's connection, not a pooled wrapper
     * @param factory opens a connection to the same database outside the pool, for a cancel sent on a connection of
     *     its own (MySQL's {@code KILL QUERY}); closed by the dialect when done
     * @return completes once asked; the default does nothing (the connection is then closed if it stays busy). An
     *     error (the driver's) is logged by r2orm at debug
     */
    default Mono<Void> cancelStatement(Connection connection, io.r2dbc.spi.ConnectionFactory factory) {
        return Mono.empty();
    }

    /**
     * How long a connection whose statement was cancelled may take to answer before {@link #cancelStatement} is
     * called: a cancel that costs the server something (PostgreSQL starts a process for each) is sent only for a
     * statement that is still running.
     *
     * @return 100 ms by default; zero to cancel at once
     */
    default Duration cancelGrace() {
        return Duration.ofMillis(100);
    }

    /**
     * Whether a driver error is the database refusing a value (SQLSTATE class 22 by default): it is translated by
     * {@link #translate} into an {@link dev.r2orm.InvalidValueException} even when the driver reports it as a resource
     * error, as MySQL's driver does for errors without an SQLSTATE.
     *
     * @param error the driver's error
     * @return whether the database refused a value
     */
    default boolean isDataError(io.r2dbc.spi.R2dbcException error) {
        String state = error.getSqlState();
        return state != null && state.startsWith("22");
    }

    /**
     * Whether a driver error is the server cancelling a statement for its own statement timeout (PostgreSQL's
     * {@code statement_timeout}, MariaDB's {@code max_statement_time}); it becomes
     * {@link dev.r2orm.StatementTimeoutException}.
     *
     * @param error the driver's error
     * @return {@code false} by default
     */
    default boolean isStatementTimeout(io.r2dbc.spi.R2dbcException error) {
        return false;
    }

    /**
     * Translates a driver error into r2orm's exception tree, keeping the cause; unknown errors become a plain
     * {@link R2ormException}. The message names what failed and the SQL, never the bound values.
     *
     * @param error the driver's error
     * @param sql the SQL that failed
     * @return the translated exception
     */
    R2ormException translate(Throwable error, String sql);
}
