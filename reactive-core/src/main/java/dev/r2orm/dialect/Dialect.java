package dev.r2orm.dialect;

import dev.r2orm.R2ormException;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;

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
     * How an {@code INSERT} gives back the keys the database generated.
     *
     * @return the key strategy
     */
    KeyStrategy keyStrategy();

    /**
     * The most bind values one statement may carry; batch inserts are split below it.
     *
     * @return a positive bind limit
     */
    default int maxBindValues() {
        return 65_535;
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
     * Translates a driver error into r2orm's exception tree, keeping the cause; unknown errors become a plain
     * {@link R2ormException}. The message names what failed and the SQL, never the bound values.
     *
     * @param error the driver's error
     * @param sql the SQL that failed
     * @return the translated exception
     */
    R2ormException translate(Throwable error, String sql);
}
