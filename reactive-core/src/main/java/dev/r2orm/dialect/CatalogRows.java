package dev.r2orm.dialect;

import dev.r2orm.clause.Sql;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.TableInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the values of catalog rows ({@link SchemaCatalog.Query}) whatever Java type a driver decodes them into: text
 * as {@code String}, {@code byte[]} or {@code ByteBuffer}; numbers as any {@code Number} or text; flags as
 * {@code Boolean}, a number or {@code YES}/{@code true}/{@code t}/{@code 1}; lists as a {@code Collection} or an array.
 * Also runs the queries every catalog reader shares: a table's four reads, one after the other on one connection.
 */
public final class CatalogRows {

    /** Builds a table from its rows: the table's own row, then its column, index and constraint rows. */
    @FunctionalInterface
    public interface TableBuilder {

        /**
         * Builds the table.
         *
         * @param table the table's row
         * @param columns the column rows
         * @param indexes the index rows
         * @param constraints the constraint rows
         * @return the table
         */
        TableInfo build(Map<String, @Nullable Object> table, List<Map<String, @Nullable Object>> columns,
                List<Map<String, @Nullable Object>> indexes, List<Map<String, @Nullable Object>> constraints);
    }

    /**
     * Describes a table with four queries, each binding the table name once, run strictly one after the other (they
     * share one connection); the last three only when the first finds the table.
     *
     * <p>Cancelling stops the query in progress and starts no further one; the connection is the one {@code query}
     * runs on, which this method neither takes nor releases.
     *
     * @param query runs catalog queries
     * @param table the table name
     * @param tableSql finds the table's row
     * @param columnsSql reads its columns
     * @param indexesSql reads its indexes
     * @param constraintsSql reads its constraints, chosen from the table's row (a server's version may decide)
     * @param builder builds the table from the rows
     * @return the table, or empty when it does not exist; the error of a query as {@code query} signals it (r2orm's
     *     translated into an {@link dev.r2orm.R2ormException}), or of {@code builder}
     */
    public static Mono<TableInfo> describe(SchemaCatalog.Query query, String table, String tableSql,
            String columnsSql, String indexesSql, Function<Map<String, @Nullable Object>, String> constraintsSql,
            TableBuilder builder) {
        return query.rows(bound(tableSql, table)).collectList().flatMap(tables -> tables.isEmpty() ? Mono.empty()
                : query.rows(bound(columnsSql, table)).collectList()
                        .flatMap(columns -> query.rows(bound(indexesSql, table)).collectList()
                                .flatMap(indexes -> query.rows(bound(constraintsSql.apply(tables.get(0)), table))
                                        .collectList()
                                        .map(constraints -> builder.build(tables.get(0), columns, indexes,
                                                constraints)))));
    }

    /**
     * Names from a query with one bind (a table type), read from its {@code name} column.
     *
     * <p>Cancelling stops reading the query's rows; the connection is the one {@code query} runs on, which this method
     * neither takes nor releases.
     *
     * @param query runs catalog queries
     * @param sql the query, one bind marker
     * @param type the bound value
     * @return the names, in the query's order; the query's error as {@code query} signals it (r2orm's translated
     *     into an {@link dev.r2orm.R2ormException})
     */
    public static Flux<String> names(SchemaCatalog.Query query, String sql, String type) {
        return query.rows(bound(sql, type)).map(row -> str(row.get("name")));
    }

    private static Sql bound(String sql, String value) {
        return new Sql(sql, List.of((Object) value), List.of(String.class));
    }

    private CatalogRows() {
    }

    /**
     * A value as text.
     *
     * @param value the value, or null
     * @return the text, empty for null; bytes decoded as UTF-8
     */
    public static String str(@Nullable Object value) {
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer b) {
            return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
        }
        return value == null ? "" : value.toString();
    }

    /**
     * A value as a whole number.
     *
     * @param value the value, or null
     * @return the number, 0 for null or empty text, 1 or 0 for a flag
     * @throws NumberFormatException for text that is not a number
     */
    public static long num(@Nullable Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = str(value).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    /**
     * A value as a flag.
     *
     * @param value the value, or null
     * @return {@code true} for true, a non-zero number, or the text yes, true, t or 1 (any case)
     */
    public static boolean flag(@Nullable Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = str(value).trim();
        return s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("t") || s.equals("1");
    }

    /**
     * A value as a list of text.
     *
     * @param value a collection or an array, or anything else
     * @return its elements as text; empty for anything else
     */
    public static List<String> strings(@Nullable Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(str(v)));
        } else if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(str(Array.get(value, i)));
            }
        }
        return out;
    }

    /**
     * Builds constraints from {@code information_schema}-shaped rows, one per constraint column, in column order:
     * {@code name}, {@code kind} ({@code PRIMARY KEY}, {@code UNIQUE}, {@code CHECK}, {@code FOREIGN KEY}),
     * {@code column_name}, {@code ref_table}, {@code ref_column}, {@code definition}, {@code on_update} and
     * {@code on_delete}. Other kinds are left out.
     *
     * @param table the table the constraints belong to
     * @param rows the rows
     * @param checkColumns the columns a check names, from its first row (empty where the catalog does not say)
     * @param action a referential action as this database reports it, turned into r2orm's form (empty for the
     *     default)
     * @return the constraints, in the order of their first rows
     */
    public static List<ConstraintDef> constraints(String table, List<Map<String, @Nullable Object>> rows,
            Function<Map<String, @Nullable Object>, List<String>> checkColumns, Function<String, String> action) {
        Map<String, List<Map<String, @Nullable Object>>> byName = new LinkedHashMap<>();
        for (Map<String, @Nullable Object> row : rows) {
            byName.computeIfAbsent(str(row.get("name")), k -> new ArrayList<>()).add(row);
        }
        List<ConstraintDef> out = new ArrayList<>();
        byName.forEach((name, keys) -> {
            Map<String, @Nullable Object> first = keys.get(0);
            List<String> columns = new ArrayList<>();
            List<String> refColumns = new ArrayList<>();
            for (Map<String, @Nullable Object> k : keys) {
                if (k.get("column_name") != null) {
                    columns.add(str(k.get("column_name")));
                }
                if (k.get("ref_column") != null) {
                    refColumns.add(str(k.get("ref_column")));
                }
            }
            ConstraintDef.Kind kind = switch (str(first.get("kind")).toUpperCase(Locale.ROOT)) {
                case "PRIMARY KEY" -> ConstraintDef.Kind.PRIMARY_KEY;
                case "UNIQUE" -> ConstraintDef.Kind.UNIQUE;
                case "CHECK" -> ConstraintDef.Kind.CHECK;
                case "FOREIGN KEY" -> ConstraintDef.Kind.FOREIGN_KEY;
                default -> null;
            };
            if (kind == ConstraintDef.Kind.CHECK) {
                out.add(new ConstraintDef(name, table, kind, checkColumns.apply(first), str(first.get("definition")),
                        "", List.of(), "", ""));
            } else if (kind == ConstraintDef.Kind.FOREIGN_KEY) {
                out.add(new ConstraintDef(name, table, kind, columns, "", str(first.get("ref_table")), refColumns,
                        action.apply(str(first.get("on_update")).toUpperCase(Locale.ROOT)),
                        action.apply(str(first.get("on_delete")).toUpperCase(Locale.ROOT))));
            } else if (kind != null) {
                out.add(new ConstraintDef(name, table, kind, columns, "", "", List.of(), "", ""));
            }
        });
        return out;
    }

    /**
     * The key columns of a table, by lower-case name: those of its primary key, and those alone in a unique
     * constraint or a full (not partial, not expression) unique index.
     *
     * @param primary the primary key's columns
     * @param unique the columns unique on their own
     */
    public record Keys(Set<String> primary, Set<String> unique) {

        /**
         * Reads the keys from a table's indexes and constraints.
         *
         * @param indexes the indexes
         * @param constraints the constraints
         * @return the keys
         */
        public static Keys of(List<IndexDef> indexes, List<ConstraintDef> constraints) {
            Set<String> primary = new HashSet<>();
            Set<String> unique = new HashSet<>();
            for (IndexDef i : indexes) {
                if (i.primary()) {
                    i.columns().forEach(c -> primary.add(c.toLowerCase(Locale.ROOT)));
                } else if (i.unique() && i.parts().size() == 1 && i.columns().size() == 1 && i.where().isEmpty()) {
                    unique.add(i.columns().get(0).toLowerCase(Locale.ROOT));
                }
            }
            for (ConstraintDef c : constraints) {
                if (c.kind() == ConstraintDef.Kind.PRIMARY_KEY) {
                    c.columns().forEach(k -> primary.add(k.toLowerCase(Locale.ROOT)));
                } else if (c.kind() == ConstraintDef.Kind.UNIQUE && c.columns().size() == 1) {
                    unique.add(c.columns().get(0).toLowerCase(Locale.ROOT));
                }
            }
            return new Keys(Set.copyOf(primary), Set.copyOf(unique));
        }

        /**
         * @param column a column name, in any case
         * @return whether the column is part of the primary key
         */
        public boolean isPrimary(String column) {
            return primary.contains(column.toLowerCase(Locale.ROOT));
        }

        /**
         * @param column a column name, in any case
         * @return whether the column alone is unique
         */
        public boolean isUnique(String column) {
            return unique.contains(column.toLowerCase(Locale.ROOT));
        }
    }
}
