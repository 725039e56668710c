package dev.r2orm.internal;

import dev.r2orm.dialect.ServerFills;
import io.r2dbc.spi.Connection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The {@link ServerFills} of each table, read from the catalog on first need and kept until a DDL statement runs
 * through the executor's update path ({@code CREATE}, {@code ALTER}, {@code DROP}, ...), which may have changed them. A table the
 * catalog does not know is not remembered, so creating it later is seen.
 */
final class ServerFillsCache {

    private final Executor executor;
    private final Map<String, ServerFills> tables = new ConcurrentHashMap<>();

    ServerFillsCache(Executor executor) {
        this.executor = executor;
    }

    Mono<ServerFills> get(Connection connection, String table) {
        String key = table.toLowerCase(Locale.ROOT);
        ServerFills known = tables.get(key);
        if (known != null) {
            return Mono.just(known);
        }
        return executor.dialect().catalog()
                .serverFills(sql -> executor.query(connection, sql, RowMappers.lowerCaseMap()), table)
                .doOnNext(fills -> {
                    if (fills != ServerFills.NONE) {
                        tables.put(key, fills);
                    }
                });
    }

    /** Forgets every table, after a statement that may have changed the schema. */
    void clear() {
        tables.clear();
    }

    /** The first words of statements that may change the schema. */
    private static final String[] DDL_VERBS = {"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "COMMENT"};

    /** Whether a statement may change the schema; checked when the statement is issued, not per row. */
    static boolean isDdl(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        for (String word : DDL_VERBS) {
            if (sql.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}
