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

    /**
     * Reads {@link ServerFills} from the SQL standard's {@code information_schema.columns} (its {@code is_generated}
     * and {@code is_identity} columns), as PostgreSQL and H2 have it.
     *
     * @param query runs the query
     * @param currentSchema the SQL naming the connection's schema ({@code current_schema()}, {@code CURRENT_SCHEMA})
     * @param table the table
     * @return the columns the database fills
     */
    protected static Mono<ServerFills> standardServerFills(Query query, String currentSchema, String table) {
        return serverFills(query, new Sql("SELECT column_name AS name, is_nullable AS nullable, column_default AS dflt,"
                + " is_generated AS generated, is_identity AS ident FROM information_schema.columns"
                + " WHERE table_schema = " + currentSchema + " AND table_name = $1", java.util.List.of(table),
                java.util.List.of(String.class)));
    }

    /**
     * Reads {@link ServerFills} from one query whose rows have the columns {@code name}, {@code nullable}
     * ({@code YES}/{@code NO}), {@code dflt} (the default expression) and either {@code generated} ({@code ALWAYS})
     * and {@code ident} ({@code YES}) as in the SQL standard's {@code information_schema}, or MySQL's {@code extra}.
     *
     * @param query runs the query
     * @param sql the query, with the table bound
     * @return the columns the database fills
     */
    protected static Mono<ServerFills> serverFills(Query query, Sql sql) {
        return query.rows(sql).collectList().map(rows -> {
            java.util.Set<String> defaulted = new java.util.HashSet<>();
            java.util.Set<String> generated = new java.util.HashSet<>();
            for (java.util.Map<String, ?> row : rows) {
                String name = CatalogRows.str(row.get("name")).toLowerCase(java.util.Locale.ROOT);
                String extra = row.get("extra") == null ? "" : CatalogRows.str(row.get("extra"))
                        .toUpperCase(java.util.Locale.ROOT);
                Object dflt = row.get("dflt");
                boolean hasDefault = dflt != null && !"NULL".equalsIgnoreCase(CatalogRows.str(dflt))
                        || "YES".equalsIgnoreCase(String.valueOf(row.get("ident")))
                        || extra.contains("AUTO_INCREMENT");
                if ("ALWAYS".equalsIgnoreCase(String.valueOf(row.get("generated")))
                        || extra.matches(".*\\b(VIRTUAL|STORED|PERSISTENT) GENERATED\\b.*")) {
                    generated.add(name);
                } else if (hasDefault && "NO".equalsIgnoreCase(CatalogRows.str(row.get("nullable")))) {
                    defaulted.add(name);
                }
            }
            return rows.isEmpty() ? ServerFills.NONE : new ServerFills(defaulted, generated);
        });
    }
}
