package dev.r2orm.dialect;

import dev.r2orm.clause.Sql;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every catalog reader shares: the current database from one query, and the names of tables and views from one
 * query that takes the {@code information_schema} table type ({@code BASE TABLE} or {@code VIEW}) as its only
 * parameter and returns a {@code name} column.
 */
public abstract class AbstractCatalog implements SchemaCatalog {

    private final Sql currentDatabase;
    private final String names;

    /**
     * Creates the reader.
     *
     * @param currentDatabase a query returning the current database in a {@code name} column
     * @param names the query listing names, with one parameter for the table type
     */
    protected AbstractCatalog(String currentDatabase, String names) {
        this.currentDatabase = Sql.of(currentDatabase);
        this.names = names;
    }

    @Override
    public Mono<String> currentDatabase(Query query) {
        return query.rows(currentDatabase).next()
                .flatMap(row -> Mono.justOrEmpty(CatalogRows.str(row.get("name"))));
    }

    @Override
    public Flux<String> tables(Query query) {
        return CatalogRows.names(query, names, "BASE TABLE");
    }

    @Override
    public Flux<String> views(Query query) {
        return CatalogRows.names(query, names, "VIEW");
    }
}
