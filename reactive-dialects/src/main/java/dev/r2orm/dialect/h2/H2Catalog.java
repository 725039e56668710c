package dev.r2orm.dialect.h2;

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
 * Reads H2 2.x's {@code INFORMATION_SCHEMA} in {@code CURRENT_SCHEMA}. {@link #table} runs four queries whatever the
 * number of columns: the table and its remarks, the columns (with an array's element type and an enum's values),
 * one row per index column ({@code INDEXES} and {@code INDEX_COLUMNS}), and the constraints joined with their key
 * columns, the referenced key's columns and check clauses. H2 writes a type's arguments in separate columns; the full
 * type is rebuilt from them, lower case: {@code character varying(20)}, {@code numeric(10,2)},
 * {@code timestamp(6) with time zone}, {@code integer array[5]}.
 */
final class H2Catalog extends AbstractCatalog {

    /** The shared instance: it holds no state. */
    static final H2Catalog INSTANCE = new H2Catalog();

    /** The length H2 gives a character or JSON column declared without one, and above which a LOB's is its maximum. */
    private static final long MAX_STRING_LENGTH = 1_000_000_000L;

    /** The cardinality H2 gives an array declared without one. */
    private static final long MAX_ARRAY_CARDINALITY = 65_536L;

    private static final String NAMES = "SELECT table_name AS name FROM information_schema.tables"
                        + " WHERE table_schema = CURRENT_SCHEMA AND table_type = $1 ORDER BY table_name";

    private static final String TABLE = "SELECT table_name AS name, table_type, remarks AS comment"
            + " FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA AND table_name = $1";

    private static final String COLUMNS = "SELECT c.column_name AS name, c.data_type, c.character_maximum_length"
            + " AS char_length, c.numeric_precision, c.numeric_scale, c.declared_numeric_precision,"
            + " c.declared_numeric_scale, c.datetime_precision, c.interval_type, c.maximum_cardinality,"
            + " c.domain_name, c.is_nullable AS nullable, c.column_default AS default_value, c.is_identity,"
            + " c.remarks AS comment, e.data_type AS e_data_type, e.character_maximum_length AS e_char_length,"
            + " e.numeric_precision AS e_numeric_precision, e.numeric_scale AS e_numeric_scale,"
            + " e.declared_numeric_precision AS e_declared_numeric_precision,"
            + " e.declared_numeric_scale AS e_declared_numeric_scale, e.datetime_precision AS e_datetime_precision,"
            + " e.interval_type AS e_interval_type,"
            + " (SELECT LISTAGG('''' || REPLACE(v.value_name, '''', '''''') || '''', ',')"
            + " WITHIN GROUP (ORDER BY v.value_ordinal) FROM information_schema.enum_values v"
            + " WHERE v.object_schema = c.table_schema AND v.object_name = c.table_name AND v.object_type = 'TABLE'"
            + " AND v.enum_identifier = c.dtd_identifier) AS enum_values"
            + " FROM information_schema.columns c LEFT JOIN information_schema.element_types e"
            + " ON e.object_schema = c.table_schema AND e.object_name = c.table_name AND e.object_type = 'TABLE'"
            + " AND e.collection_type_identifier = c.dtd_identifier"
            + " WHERE c.table_schema = CURRENT_SCHEMA AND c.table_name = $1 ORDER BY c.ordinal_position";

    private static final String INDEXES = "SELECT i.index_name AS name, i.index_type_name AS index_type,"
            + " i.remarks AS comment, ic.column_name, ic.ordering_specification AS ordering"
            + " FROM information_schema.indexes i JOIN information_schema.index_columns ic"
            + " ON ic.index_schema = i.index_schema AND ic.index_name = i.index_name AND ic.table_name = i.table_name"
            + " WHERE i.table_schema = CURRENT_SCHEMA AND i.table_name = $1"
            + " ORDER BY i.index_type_name = 'PRIMARY KEY' DESC, i.index_name, ic.ordinal_position";

    private static final String CONSTRAINTS = "SELECT tc.constraint_name AS name, tc.constraint_type AS kind,"
            + " k.column_name, rt.table_name AS ref_table, rk.column_name AS ref_column,"
            + " rc.update_rule AS on_update, rc.delete_rule AS on_delete, cc.check_clause AS definition"
            + " FROM information_schema.table_constraints tc"
            + " LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema"
            + " AND k.constraint_name = tc.constraint_name"
            + " LEFT JOIN information_schema.referential_constraints rc ON rc.constraint_schema = tc.constraint_schema"
            + " AND rc.constraint_name = tc.constraint_name"
            + " LEFT JOIN information_schema.table_constraints rt ON rt.constraint_schema = rc.unique_constraint_schema"
            + " AND rt.constraint_name = rc.unique_constraint_name"
            + " LEFT JOIN information_schema.key_column_usage rk ON rk.constraint_schema = rc.unique_constraint_schema"
            + " AND rk.constraint_name = rc.unique_constraint_name"
            + " AND rk.ordinal_position = k.position_in_unique_constraint"
            + " LEFT JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema"
            + " AND cc.constraint_name = tc.constraint_name"
            + " WHERE tc.table_schema = CURRENT_SCHEMA AND tc.table_name = $1"
            + " ORDER BY tc.constraint_name, k.ordinal_position";

    private H2Catalog() {
        super("SELECT CURRENT_CATALOG AS name", NAMES);
    }

    /** One query on {@code information_schema.columns}. */
    @Override
    public Mono<dev.r2orm.dialect.ServerFills> serverFills(Query query, String table) {
        return standardServerFills(query, "CURRENT_SCHEMA", table);
    }

    @Override
    public Mono<TableInfo> table(Query query, String table) {
        return CatalogRows.describe(query, table, TABLE, COLUMNS, INDEXES, row -> CONSTRAINTS,
                H2Catalog::build);
    }

    private static TableInfo build(Map<String, @Nullable Object> table, List<Map<String, @Nullable Object>> columnRows,
            List<Map<String, @Nullable Object>> indexRows, List<Map<String, @Nullable Object>> constraintRows) {
        String name = str(table.get("name"));
        List<IndexDef> indexes = indexes(name, indexRows);
        List<ConstraintDef> constraints = CatalogRows.constraints(name, constraintRows, first -> List.of(), H2Catalog::action);
        CatalogRows.Keys keys = CatalogRows.Keys.of(indexes, constraints);
        List<ColumnType> columns = new ArrayList<>();
        for (Map<String, @Nullable Object> row : columnRows) {
            columns.add(column(row, keys));
        }
        return new TableInfo(name, str(table.get("comment")), columns, indexes, constraints);
    }

    /** A type as H2 would write it, lower case, and its length, precision and scale. */
    private record Type(String name, String full, long length, int precision, int scale) {
    }

    private static ColumnType column(Map<String, @Nullable Object> row, CatalogRows.Keys keys) {
        String name = str(row.get("name"));
        Type type = type(row, "");
        String domain = str(row.get("domain_name"));
        String databaseType = domain.isEmpty() ? type.name() : domain.toLowerCase(Locale.ROOT);
        String columnType = domain.isEmpty() ? type.full() : databaseType;
        @Nullable Object def = row.get("default_value");
        return new ColumnType(name, databaseType, columnType, type.length(), type.precision(), type.scale(),
                flag(row.get("nullable")), def == null ? null : str(def), keys.isPrimary(name),
                flag(row.get("is_identity")), keys.isUnique(name), str(row.get("comment")));
    }

    /**
     * Rebuilds a type from the columns of {@code INFORMATION_SCHEMA.COLUMNS}, or with the prefix {@code e_} from
     * those of {@code ELEMENT_TYPES} (an array's element).
     */
    private static Type type(Map<String, @Nullable Object> row, String prefix) {
        String dataType = str(row.get(prefix + "data_type")).toLowerCase(Locale.ROOT);
        switch (dataType) {
            case "character":
            case "character varying":
            case "varchar_ignorecase":
            case "binary":
            case "binary varying":
            case "character large object":
            case "binary large object":
            case "json": {
                long length = num(row.get(prefix + "char_length"));
                return length > 0 && length < MAX_STRING_LENGTH
                        ? new Type(dataType, dataType + "(" + length + ")", length, 0, 0)
                        : new Type(dataType, dataType, 0, 0, 0);
            }
            case "numeric":
            case "decimal":
            case "decfloat": {
                if (row.get(prefix + "declared_numeric_precision") == null) {
                    return new Type(dataType, dataType, 0, 0, 0);
                }
                int precision = (int) num(row.get(prefix + "numeric_precision"));
                boolean hasScale = row.get(prefix + "declared_numeric_scale") != null;
                int scale = hasScale ? (int) num(row.get(prefix + "numeric_scale")) : 0;
                return new Type(dataType, dataType + "(" + precision + (hasScale ? "," + scale : "") + ")", 0,
                        precision, scale);
            }
            case "time":
            case "time with time zone":
            case "timestamp":
            case "timestamp with time zone": {
                int precision = (int) num(row.get(prefix + "datetime_precision"));
                return new Type(dataType, dataType.replaceFirst("^(time(stamp)?)", "$1(" + precision + ")"), 0,
                        precision, 0);
            }
            case "interval": {
                String full = (dataType + " " + str(row.get(prefix + "interval_type"))).trim()
                        .toLowerCase(Locale.ROOT);
                return new Type(full, full, 0, (int) num(row.get(prefix + "datetime_precision")), 0);
            }
            case "array": {
                if (!prefix.isEmpty() || row.get("e_data_type") == null) {
                    return new Type(dataType, dataType, 0, 0, 0);
                }
                Type element = type(row, "e_");
                long cardinality = num(row.get("maximum_cardinality"));
                return new Type(element.name() + " array", element.full() + " array"
                        + (cardinality > 0 && cardinality != MAX_ARRAY_CARDINALITY ? "[" + cardinality + "]" : ""),
                        0, 0, 0);
            }
            case "enum": {
                String values = str(row.get(prefix + "enum_values"));
                return new Type(dataType, values.isEmpty() ? dataType : dataType + "(" + values + ")", 0, 0, 0);
            }
            default:
                return new Type(dataType, dataType, 0, 0, 0);
        }
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
                list.add(new IndexDef.Part(str(p.get("column_name")), "",
                        str(p.get("ordering")).equalsIgnoreCase("DESC"), 0));
            }
            String type = str(parts.get(0).get("index_type")).toUpperCase(Locale.ROOT);
            boolean primary = type.equals("PRIMARY KEY");
            out.add(new IndexDef(name, table, list, primary || type.contains("UNIQUE"), primary, "", "", "", "",
                    str(parts.get(0).get("comment"))));
        });
        return out;
    }

    /** NO ACTION is the default, written as empty. */
    private static String action(String rule) {
        return rule.equals("NO ACTION") ? "" : rule;
    }
}
