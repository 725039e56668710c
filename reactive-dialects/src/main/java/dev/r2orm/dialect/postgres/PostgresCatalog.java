package dev.r2orm.dialect.postgres;

import static dev.r2orm.dialect.CatalogRows.flag;
import static dev.r2orm.dialect.CatalogRows.num;
import static dev.r2orm.dialect.CatalogRows.str;
import static dev.r2orm.dialect.CatalogRows.strings;

import dev.r2orm.dialect.CatalogRows;
import dev.r2orm.dialect.AbstractCatalog;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reads PostgreSQL's catalog ({@code pg_class}, {@code pg_attribute}, {@code pg_index}, {@code pg_constraint}) in the
 * connection's {@code current_schema()}. {@link #table} runs four queries whatever the number of columns: the table
 * and its comment, the columns, one row per index key, and the constraints with their column names as arrays.
 */
final class PostgresCatalog extends AbstractCatalog {

    /** The shared instance: it holds no state. */
    static final PostgresCatalog INSTANCE = new PostgresCatalog();

    private static final String RELATION = "(SELECT c.oid FROM pg_class c WHERE c.relname = $1 AND c.relnamespace ="
            + " (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())"
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))";

    private static final String NAMES = "SELECT table_name AS name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = $1 ORDER BY table_name";

    private static final String TABLE = "SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment"
            + " FROM pg_class c WHERE c.oid = " + RELATION;

    private static final String COLUMNS = "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS"
            + " column_type, t.typname AS type_name, a.atttypmod AS type_mod, NOT a.attnotnull AS nullable,"
            + " pg_get_expr(d.adbin, d.adrelid) AS default_value, a.attidentity <> '' AS is_identity,"
            + " col_description(a.attrelid, a.attnum) AS comment"
            + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = " + RELATION + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    /** One row per key part of each index: INCLUDE columns are not keys and are left out. */
    private static final String INDEXES = "SELECT ic.relname AS name, i.indisunique AS is_unique,"
            + " i.indisprimary AS is_primary, am.amname AS method, a.attname AS column_name,"
            + " i.indoption[k.n - 1] & 1 AS descending, pg_get_indexdef(i.indexrelid, k.n, true) AS part,"
            + " pg_get_expr(i.indpred, i.indrelid, true) AS predicate,"
            + " obj_description(i.indexrelid, 'pg_class') AS comment"
            + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
            + " CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)"
            + " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]"
            + " AND i.indkey[k.n - 1] <> 0"
            + " WHERE i.indrelid = " + RELATION + " ORDER BY i.indisprimary DESC, ic.relname, k.n";

    private static final String CONSTRAINTS = "SELECT con.conname AS name, con.contype::text AS kind,"
            + " pg_get_constraintdef(con.oid, true) AS definition,"
            + " ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,"
            + " rc.relname AS ref_table,"
            + " ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)"
            + " AS ref_columns, con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete"
            + " FROM pg_constraint con LEFT JOIN pg_class rc ON rc.oid = con.confrelid"
            + " WHERE con.conrelid = " + RELATION + " AND con.contype IN ('p', 'u', 'c', 'f') ORDER BY con.conname";

    private PostgresCatalog() {
        super("SELECT current_database() AS name", NAMES);
    }

    /** One query: the enum types of {@code current_schema()} and their labels, in their sort order. */
    @Override
    public Mono<Map<String, List<String>>> enumTypes(Query query) {
        return query.rows(dev.r2orm.clause.Sql.of("SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t"
                        + " JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder"))
                .collect(LinkedHashMap::new, (Map<String, List<String>> m, Map<String, @Nullable Object> row) ->
                        m.computeIfAbsent(String.valueOf(row.get("name")), k -> new ArrayList<>())
                                .add(String.valueOf(row.get("label"))));
    }

    /** One query on {@code information_schema.columns}. */
    @Override
    public Mono<dev.r2orm.dialect.ServerFills> serverFills(Query query, String table) {
        return standardServerFills(query, "current_schema()", table);
    }

    @Override
    public Mono<TableInfo> table(Query query, String table) {
        return CatalogRows.describe(query, table, TABLE, COLUMNS, INDEXES, row -> CONSTRAINTS,
                PostgresCatalog::build);
    }

    private static TableInfo build(Map<String, @Nullable Object> table, List<Map<String, @Nullable Object>> columnRows,
            List<Map<String, @Nullable Object>> indexRows, List<Map<String, @Nullable Object>> constraintRows) {
        String name = str(table.get("name"));
        List<IndexDef> indexes = indexes(name, indexRows);
        List<ConstraintDef> constraints = new ArrayList<>();
        for (Map<String, @Nullable Object> row : constraintRows) {
            constraints.add(constraint(name, row));
        }
        CatalogRows.Keys keys = CatalogRows.Keys.of(indexes, constraints);
        List<ColumnType> columns = new ArrayList<>();
        for (Map<String, @Nullable Object> row : columnRows) {
            columns.add(column(row, keys));
        }
        return new TableInfo(name, str(table.get("comment")), columns, indexes, constraints);
    }

    private static ColumnType column(Map<String, @Nullable Object> row, CatalogRows.Keys keys) {
        String name = str(row.get("name"));
        String columnType = str(row.get("column_type"));
        String typeName = str(row.get("type_name"));
        int mod = (int) num(row.get("type_mod"));
        long length = 0;
        int precision = 0;
        int scale = 0;
        if (mod >= 0) {
            // atttypmod packs the declared arguments, as format_type() unpacks them
            switch (typeName) {
                case "varchar":
                case "bpchar":
                    length = mod - 4;
                    break;
                case "bit":
                case "varbit":
                    length = mod;
                    break;
                case "numeric":
                    precision = ((mod - 4) >> 16) & 0xffff;
                    scale = (((mod - 4) & 0x7ff) ^ 1024) - 1024;
                    break;
                case "time":
                case "timetz":
                case "timestamp":
                case "timestamptz":
                    precision = mod;
                    break;
                case "interval":
                    precision = (mod & 0xffff) == 0xffff ? 0 : mod & 0xffff;
                    break;
                default:
                    break;
            }
        }
        @Nullable Object def = row.get("default_value");
        String defaultValue = def == null ? null : str(def);
        boolean autoIncrement = flag(row.get("is_identity"))
                || defaultValue != null && defaultValue.startsWith("nextval(");
        return new ColumnType(name, columnType.replaceAll("\\(\\d+(,-?\\d+)?\\)", ""), columnType, length, precision,
                scale, flag(row.get("nullable")), defaultValue, keys.isPrimary(name), autoIncrement,
                keys.isUnique(name), str(row.get("comment")));
    }

    private static List<IndexDef> indexes(String table, List<Map<String, @Nullable Object>> rows) {
        Map<String, List<Map<String, @Nullable Object>>> byName = new LinkedHashMap<>();
        for (Map<String, @Nullable Object> row : rows) {
            byName.computeIfAbsent(str(row.get("name")), k -> new ArrayList<>()).add(row);
        }
        List<IndexDef> out = new ArrayList<>();
        byName.forEach((name, parts) -> {
            List<IndexDef.Part> list = new ArrayList<>();
            for (Map<String, @Nullable Object> p : parts) {
                String column = str(p.get("column_name"));
                list.add(new IndexDef.Part(column, column.isEmpty() ? str(p.get("part")) : "",
                        num(p.get("descending")) != 0, 0));
            }
            Map<String, @Nullable Object> first = parts.get(0);
            out.add(new IndexDef(name, table, list, flag(first.get("is_unique")), flag(first.get("is_primary")),
                    str(first.get("method")).toLowerCase(Locale.ROOT), "", str(first.get("predicate")), "",
                    str(first.get("comment"))));
        });
        return out;
    }

    private static ConstraintDef constraint(String table, Map<String, @Nullable Object> row) {
        String name = str(row.get("name"));
        List<String> columns = strings(row.get("columns"));
        switch (str(row.get("kind"))) {
            case "p":
                return new ConstraintDef(name, table, ConstraintDef.Kind.PRIMARY_KEY, columns, "", "", List.of(), "",
                        "");
            case "u":
                return new ConstraintDef(name, table, ConstraintDef.Kind.UNIQUE, columns, "", "", List.of(), "", "");
            case "c":
                return new ConstraintDef(name, table, ConstraintDef.Kind.CHECK, columns,
                        checkExpression(str(row.get("definition"))), "", List.of(), "", "");
            default:
                return new ConstraintDef(name, table, ConstraintDef.Kind.FOREIGN_KEY, columns, "",
                        str(row.get("ref_table")), strings(row.get("ref_columns")), action(str(row.get("on_update"))),
                        action(str(row.get("on_delete"))));
        }
    }

    /** {@code CHECK (visits >= 0) NOT VALID} gives {@code visits >= 0}. */
    private static String checkExpression(String definition) {
        String d = definition.trim();
        if (d.endsWith(" NOT VALID")) {
            d = d.substring(0, d.length() - " NOT VALID".length()).trim();
        }
        if (d.endsWith(" NO INHERIT")) {
            d = d.substring(0, d.length() - " NO INHERIT".length()).trim();
        }
        if (d.startsWith("CHECK (") && d.endsWith(")")) {
            d = d.substring("CHECK (".length(), d.length() - 1);
        }
        return d;
    }

    /** The codes of {@code confupdtype} and {@code confdeltype}; NO ACTION is the default, written as empty. */
    private static String action(String code) {
        switch (code.trim()) {
            case "c":
                return "CASCADE";
            case "n":
                return "SET NULL";
            case "d":
                return "SET DEFAULT";
            case "r":
                return "RESTRICT";
            default:
                return "";
        }
    }
}
