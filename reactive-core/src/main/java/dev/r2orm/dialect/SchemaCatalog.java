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
         * @param sql the query with its binds
         * @return the rows, each a map from lower-case label to value (absent or null for SQL NULL)
         */
        Flux<Map<String, @Nullable Object>> rows(Sql sql);
    }

    /**
     * The name of the current database (PostgreSQL: the database, not the schema; MySQL: {@code DATABASE()}).
     *
     * @param query runs catalog queries
     * @return the name
     */
    Mono<String> currentDatabase(Query query);

    /**
     * The base tables of the current schema, views excluded, in name order.
     *
     * @param query runs catalog queries
     * @return the table names
     */
    Flux<String> tables(Query query);

    /**
     * The views of the current schema, in name order.
     *
     * @param query runs catalog queries
     * @return the view names
     */
    Flux<String> views(Query query);

    /**
     * Describes one table of the current schema.
     *
     * @param query runs catalog queries
     * @param table the table name, matched exactly as stored
     * @return the table, or empty when there is no such table
     */
    Mono<TableInfo> table(Query query, String table);

    /**
     * The database's own enum types in the current schema, with their labels in order; only PostgreSQL has them (MySQL,
     * MariaDB and H2 declare an enum per column).
     *
     * @param query runs catalog queries
     * @return the types by name; empty by default
     */
    default Mono<Map<String, java.util.List<String>>> enumTypes(Query query) {
        return Mono.just(Map.of());
    }

    /**
     * The columns of a table the database fills itself (one query): NOT NULL columns with a default, and generated
     * columns.
     *
     * @param query runs catalog queries
     * @param table the table
     * @return the columns; {@link ServerFills#NONE} when the table does not exist, and by default
     */
    default Mono<ServerFills> serverFills(Query query, String table) {
        return Mono.just(ServerFills.NONE);
    }
}
