package dev.r2orm.dialect.mysql;

import static dev.r2orm.dialect.CatalogRows.flag;
import static dev.r2orm.dialect.CatalogRows.num;
import static dev.r2orm.dialect.CatalogRows.str;

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
 * Reads the {@code information_schema} of MySQL 8 and MariaDB in {@code DATABASE()}. {@link #table} runs four queries
 * whatever the number of columns: the table with its comment and the server version (which tells MariaDB from MySQL),
 * the columns, {@code statistics} (one row per index part), and the constraints joined with their key columns,
 * referential actions and check clauses.
 */
final class MySqlCatalog extends AbstractCatalog {

    /** The shared instance: it holds no state. */
    static final MySqlCatalog INSTANCE = new MySqlCatalog();

    private static final String NAMES = "SELECT TABLE_NAME AS name FROM information_schema.tables"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = ? ORDER BY TABLE_NAME";

    private static final String TABLE = "SELECT TABLE_NAME AS name, TABLE_TYPE AS table_type,"
            + " TABLE_COMMENT AS comment, VERSION() AS version FROM information_schema.tables"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";

    private static final String COLUMNS = "SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type,"
            + " COLUMN_TYPE AS column_type, CHARACTER_MAXIMUM_LENGTH AS char_length,"
            + " NUMERIC_PRECISION AS numeric_precision, NUMERIC_SCALE AS numeric_scale,"
            + " DATETIME_PRECISION AS datetime_precision, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS default_value,"
            + " EXTRA AS extra, COLUMN_COMMENT AS comment FROM information_schema.columns"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";

    /** Every column: MySQL 8 adds EXPRESSION (functional key parts), which MariaDB lacks. */
    private static final String INDEXES = "SELECT * FROM information_schema.statistics"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
            + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX";

    private static final String CONSTRAINTS_FROM = " FROM information_schema.table_constraints tc"
            + " LEFT JOIN information_schema.key_column_usage k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
            + " AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
            + " LEFT JOIN information_schema.referential_constraints rc ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
            + " AND rc.TABLE_NAME = tc.TABLE_NAME AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
            + " LEFT JOIN information_schema.check_constraints cc ON tc.CONSTRAINT_TYPE = 'CHECK'"
            + " AND cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME";

    private static final String CONSTRAINTS_WHERE = " WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = ?"
            + " ORDER BY tc.CONSTRAINT_NAME, k.ORDINAL_POSITION";

    private static final String CONSTRAINTS_COLUMNS = "SELECT tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS kind,"
            + " k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_NAME AS ref_table,"
            + " k.REFERENCED_COLUMN_NAME AS ref_column, rc.UPDATE_RULE AS on_update, rc.DELETE_RULE AS on_delete,"
            + " cc.CHECK_CLAUSE AS definition";

    /** MySQL 8's check_constraints has no TABLE_NAME: its check names are unique in a schema. */
    private static final String MYSQL_CONSTRAINTS = CONSTRAINTS_COLUMNS + CONSTRAINTS_FROM + CONSTRAINTS_WHERE;

    /** MariaDB names a column-level check after its column, so the same name may appear in several tables. */
    private static final String MARIADB_CONSTRAINTS = CONSTRAINTS_COLUMNS + ", cc.LEVEL AS check_level"
            + CONSTRAINTS_FROM + " AND cc.TABLE_NAME = tc.TABLE_NAME" + CONSTRAINTS_WHERE;

    private MySqlCatalog() {
        super("SELECT DATABASE() AS name", NAMES);
    }

    /** One query on {@code information_schema.columns}. */
    @Override
    public Mono<dev.r2orm.dialect.ServerFills> serverFills(Query query, String table) {
        return serverFills(query, new dev.r2orm.clause.Sql(
                "SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                java.util.List.of(table), java.util.List.of(String.class)));
    }

    @Override
    public Mono<TableInfo> table(Query query, String table) {
        return CatalogRows.describe(query, table, TABLE, COLUMNS, INDEXES,
                row -> isMariaDb(row) ? MARIADB_CONSTRAINTS : MYSQL_CONSTRAINTS,
                (row, columns, indexes, constraints) -> build(row, isMariaDb(row), columns, indexes, constraints));
    }

    private static boolean isMariaDb(Map<String, @Nullable Object> table) {
        return str(table.get("version")).contains("MariaDB");
    }

    private static TableInfo build(Map<String, @Nullable Object> table, boolean mariaDb,
            List<Map<String, @Nullable Object>> columnRows, List<Map<String, @Nullable Object>> indexRows,
            List<Map<String, @Nullable Object>> constraintRows) {
        String name = str(table.get("name"));
        List<IndexDef> indexes = indexes(name, indexRows);
        List<ConstraintDef> constraints = CatalogRows.constraints(name, constraintRows, MySqlCatalog::checkColumns, MySqlCatalog::action);
        CatalogRows.Keys keys = CatalogRows.Keys.of(indexes, constraints);
        List<ColumnType> columns = new ArrayList<>();
        for (Map<String, @Nullable Object> row : columnRows) {
            columns.add(column(row, mariaDb, keys));
        }
        // a view's TABLE_COMMENT is the word VIEW, not a comment
        String comment = str(table.get("table_type")).equals("VIEW") ? "" : str(table.get("comment"));
        return new TableInfo(name, comment, columns, indexes, constraints);
    }

    private static ColumnType column(Map<String, @Nullable Object> row, boolean mariaDb, CatalogRows.Keys keys) {
        String name = str(row.get("name"));
        String dataType = str(row.get("data_type")).toLowerCase(Locale.ROOT);
        long length = 0;
        int precision = 0;
        int scale = 0;
        switch (dataType) {
            case "char":
            case "varchar":
            case "binary":
            case "varbinary":
                length = num(row.get("char_length"));
                break;
            case "decimal":
            case "numeric":
                precision = (int) num(row.get("numeric_precision"));
                scale = (int) num(row.get("numeric_scale"));
                break;
            case "time":
            case "datetime":
            case "timestamp":
                precision = (int) num(row.get("datetime_precision"));
                break;
            default:
                break;
        }
        @Nullable Object def = row.get("default_value");
        // MariaDB writes defaults as expressions: SQL NULL is the word NULL, a string 'NULL' is quoted
        String defaultValue = def == null || mariaDb && str(def).equalsIgnoreCase("NULL") ? null : str(def);
        return new ColumnType(name, dataType, str(row.get("column_type")), length, precision, scale,
                flag(row.get("nullable")), defaultValue, keys.isPrimary(name),
                str(row.get("extra")).toLowerCase(Locale.ROOT).contains("auto_increment"),
                keys.isUnique(name), str(row.get("comment")));
    }

    private static List<IndexDef> indexes(String table, List<Map<String, @Nullable Object>> rows) {
        Map<String, List<Map<String, @Nullable Object>>> byName = new LinkedHashMap<>();
        for (Map<String, @Nullable Object> row : rows) {
            byName.computeIfAbsent(str(row.get("index_name")), k -> new ArrayList<>()).add(row);
        }
        List<IndexDef> out = new ArrayList<>();
        byName.forEach((name, parts) -> {
            List<IndexDef.Part> list = new ArrayList<>();
            for (Map<String, @Nullable Object> p : parts) {
                String column = str(p.get("column_name"));
                list.add(new IndexDef.Part(column, column.isEmpty() ? str(p.get("expression")) : "",
                        str(p.get("collation")).equalsIgnoreCase("D"), (int) num(p.get("sub_part"))));
            }
            Map<String, @Nullable Object> first = parts.get(0);
            String indexType = str(first.get("index_type")).toUpperCase(Locale.ROOT);
            boolean kind = indexType.equals("FULLTEXT") || indexType.equals("SPATIAL");
            out.add(new IndexDef(name, table, list, num(first.get("non_unique")) == 0, name.equals("PRIMARY"),
                    kind ? "" : indexType.toLowerCase(Locale.ROOT), kind ? indexType : "", "", "",
                    str(first.get("index_comment"))));
        });
        return out;
    }

    /** NO ACTION and RESTRICT behave alike here and are the default: both are written as empty. */
    private static String action(String rule) {
        return rule.equals("NO ACTION") || rule.equals("RESTRICT") ? "" : rule;
    }

    /** A MariaDB column-level check is named after its column. */
    private static List<String> checkColumns(Map<String, @Nullable Object> first) {
        return str(first.get("check_level")).equalsIgnoreCase("Column") ? List.of(str(first.get("name")))
                : List.of();
    }
}
