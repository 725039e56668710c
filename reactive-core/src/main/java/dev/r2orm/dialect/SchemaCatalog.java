package dev.r2orm.dialect;

import dev.r2orm.clause.Sql;
import dev.r2orm.schema.TableInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How a dialect reads the database's catalog for the migrator: the current database, its tables, and one table's
 * columns, indexes and constraints. Every method runs a bounded number of queries whatever the number of columns
 * ({@link #table} at most five per table), each through the {@link Query} it is given, and looks only at the
 * connection's current schema (PostgreSQL's {@code current_schema()}, MySQL's {@code DATABASE()}, H2's
 * {@code CURRENT_SCHEMA}).
 *
 * <p>The methods take no connection: r2orm's {@link Query} runs on a connection r2orm already holds (the migrator's,
 * or that of the write that needs {@link #serverFills}), so a method signals the error of a query (r2orm's translated
 * {@link dev.r2orm.R2ormException}), and a cancel stops the query in progress, starts no further one and leaves the
 * connection to its holder, which releases it.
 */
public interface SchemaCatalog {

    /**
     * Runs one catalog query and emits its rows as maps from lower-case column label to value (as the driver decodes
     * it: numbers may arrive as {@code Integer}, {@code Long} or {@code BigDecimal}, flags as {@code Boolean} or a
     * number).
     */
    @FunctionalInterface
    interface Query {

        /**
         * Runs a query.
         *
         * <p>Cancelling stops reading rows: the driver discards the rest of the result before the connection's next
         * statement; the connection stays open, held by whoever made this query.
         *
         * @param sql the query with its binds
         * @return the rows, each a map from lower-case label to value (absent or null for SQL NULL); r2orm's query
         *     signals the statement's translated {@link dev.r2orm.R2ormException}
         */
        Flux<Map<String, @Nullable Object>> rows(Sql sql);
    }

    /**
     * The name of the current database (PostgreSQL: the database, not the schema; MySQL: {@code DATABASE()}).
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @return the name; the error of its query
     */
    Mono<String> currentDatabase(Query query);

    /**
     * The base tables of the current schema, views excluded, in name order.
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @return the table names; the error of its query
     */
    Flux<String> tables(Query query);

    /**
     * The views of the current schema, in name order.
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @return the view names; the error of its query
     */
    Flux<String> views(Query query);

    /**
     * Describes one table of the current schema.
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @param table the table name, matched exactly as stored
     * @return the table, or empty when there is no such table; the error of a query
     */
    Mono<TableInfo> table(Query query, String table);

    /**
     * The database's own enum types in the current schema, with their labels in order; only PostgreSQL has them (MySQL,
     * MariaDB and H2 declare an enum per column).
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @return the types by name; empty by default; the error of its query
     */
    default Mono<Map<String, java.util.List<String>>> enumTypes(Query query) {
        return Mono.just(Map.of());
    }

    /**
     * The columns of a table the database fills itself (one query): NOT NULL columns with a default, and generated
     * columns.
     *
     * <p>Cancelling stops the catalog query in progress and starts no further one; the connection is the one
     * {@code query} runs on, left to its holder.
     *
     * @param query runs catalog queries
     * @param table the table
     * @return the columns; {@link ServerFills#NONE} when the table does not exist, and by default; the
     *     error of its query
     */
    default Mono<ServerFills> serverFills(Query query, String table) {
        return Mono.just(ServerFills.NONE);
    }
}
