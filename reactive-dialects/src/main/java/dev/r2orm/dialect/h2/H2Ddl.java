package dev.r2orm.dialect.h2;

import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.AbstractDdl;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.IndexDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H2's DDL: one {@code ALTER COLUMN} action per statement, one index method, no partial indexes, and its catalog's
 * type spellings ({@code character varying}, {@code binary varying}).
 */
final class H2Ddl extends AbstractDdl {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"), Map.entry("varchar2", "character varying"),
            Map.entry("nvarchar", "character varying"), Map.entry("varbinary", "binary varying"),
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int8", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"),
            Map.entry("double", "double precision"), Map.entry("float8", "double precision"),
            Map.entry("float", "double precision"), Map.entry("float4", "real"), Map.entry("bool", "boolean"),
            Map.entry("char", "character"), Map.entry("clob", "character large object"),
            Map.entry("text", "character varying"), Map.entry("longtext", "character varying"),
            Map.entry("mediumtext", "character varying"), Map.entry("tinytext", "character varying"),
            Map.entry("blob", "binary large object"), Map.entry("datetime", "timestamp"),
            Map.entry("timestamptz", "timestamp with time zone"));

    /** Types whose arguments H2 reports but a model never varies. H2 2.4 stores {@code text} as {@code character varying}. */
    private static final java.util.Set<String> NO_ARGUMENTS = java.util.Set.of("integer", "bigint", "smallint",
            "tinyint", "boolean", "double precision", "real", "date", "uuid", "character large object",
            "binary large object", "json");

    H2Ddl(Dialect dialect) {
        super(dialect);
    }

    @Override
    public String canonicalType(String type) {
        String t = Ddl.tidy(type).replaceFirst(" generated (by default|always) as identity.*$", "");
        if (t.endsWith(" array")) {
            return canonicalType(t.substring(0, t.length() - 6)) + " array";
        }
        if (t.startsWith("interval")) {
            return t.replaceAll("\\s*\\(\\d+\\)", ""); // the catalog does not show an interval's precisions
        }
        String args = Ddl.arguments(t);
        String name = typeName(t, ALIASES);
        if (NO_ARGUMENTS.contains(name)) {
            return name;
        }
        if (args.isEmpty() && (name.equals("character varying") || name.equals("binary varying"))) {
            args = "1000000000";
        }
        if (args.isEmpty() && (name.startsWith("timestamp"))) {
            args = "6";
        }
        if (args.isEmpty() && name.startsWith("time") && !name.startsWith("timestamp")) {
            args = "0";
        }
        if (args.isEmpty() && name.equals("character")) {
            args = "1";
        }
        return args.isEmpty() ? name : name + "(" + args + ")";
    }

    /** {@code ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE x}, {@code SET NULL}, {@code SET DEFAULT x}: one each. */
    @Override
    public List<Sql> alterColumn(String table, ColumnType wanted, ColumnType current) {
        List<Sql> out = new ArrayList<>();
        if (!sameType(wanted, current)) {
            out.add(alter(table, wanted.name()).keyword(" SET DATA TYPE ").keyword(wanted.columnType()).toSql());
        }
        if (wanted.nullable() != current.nullable()) {
            out.add(alter(table, wanted.name()).keyword(wanted.nullable() ? " SET NULL" : " SET NOT NULL").toSql());
        }
        if (!canonicalDefault(wanted.defaultValue()).equals(canonicalDefault(current.defaultValue()))) {
            out.add(wanted.defaultValue() == null ? alter(table, wanted.name()).keyword(" DROP DEFAULT").toSql()
                    : alter(table, wanted.name()).keyword(" SET DEFAULT ").keyword(wanted.defaultValue()).toSql());
        }
        if (!wanted.comment().equals(current.comment())) {
            out.add(columnComment(table, wanted.name(), wanted.comment()));
        }
        return out;
    }

    private SqlWriter alter(String table, String column) {
        return new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(table).keyword(" ALTER COLUMN ")
                .identifier(column);
    }

    @Override
    public Sql renameColumn(String table, String from, String to) {
        return alter(table, from).keyword(" RENAME TO ").identifier(to).toSql();
    }

    /** {@inheritDoc} H2 builds every index one way: the method and options ({@code CONCURRENTLY}) are dropped. */
    @Override
    public IndexDef effectiveIndex(IndexDef index) {
        IndexDef i = super.effectiveIndex(index);
        return i.type().isEmpty() && i.option().isEmpty() ? i : new IndexDef(i.name(), i.table(), i.parts(),
                i.unique(), i.primary(), "", i.kind(), i.where(), "", i.comment());
    }

    @Override
    public List<Sql> createIndex(IndexDef index) {
        if (!index.where().isEmpty()) {
            throw new UnsupportedByDialectException("H2 has no partial indexes (index " + index.name() + " on "
                    + index.table() + " WHERE " + index.where() + "); they exist on PostgreSQL");
        }
        if (index.parts().stream().anyMatch(p -> !p.expression().isEmpty())) {
            throw new UnsupportedByDialectException("H2 has no expression indexes (index " + index.name() + " on "
                    + index.table() + "); index a generated column instead");
        }
        return super.createIndex(effectiveIndex(index));
    }
}
