package dev.r2orm.dialect.postgres;

import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.AbstractDdl;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** PostgreSQL's DDL: the standard forms, advisory locks, and its catalog's type spellings. */
final class PostgresDdl extends AbstractDdl {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("serial", "integer"),
            Map.entry("serial4", "integer"), Map.entry("int8", "bigint"), Map.entry("bigserial", "bigint"),
            Map.entry("serial8", "bigint"), Map.entry("int2", "smallint"), Map.entry("smallserial", "smallint"),
            Map.entry("serial2", "smallint"), Map.entry("character varying", "varchar"),
            Map.entry("character", "char"), Map.entry("bpchar", "char"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("time without time zone", "time"),
            Map.entry("time with time zone", "timetz"), Map.entry("bool", "boolean"),
            Map.entry("float8", "double precision"), Map.entry("float", "double precision"),
            Map.entry("float4", "real"), Map.entry("decimal", "numeric"),
            Map.entry("longtext", "text"), Map.entry("mediumtext", "text"), Map.entry("tinytext", "text"),
            Map.entry("datetime", "timestamp"));

    /** Types whose precision defaults to 6 digits of seconds. */
    private static final java.util.Set<String> TIMES = java.util.Set.of("timestamptz", "timestamp", "time", "timetz");

    PostgresDdl(Dialect dialect) {
        super(dialect);
    }

    @Override
    public String canonicalType(String type) {
        String t = Ddl.tidy(type);
        if (t.endsWith("[]")) {
            return canonicalType(t.substring(0, t.length() - 2)) + "[]";
        }
        String args = Ddl.arguments(t);
        String name = typeName(t, ALIASES);
        if (args.isEmpty() && TIMES.contains(name)) {
            args = "6";
        }
        if (args.isEmpty() && name.equals("char")) {
            args = "1";
        }
        return args.isEmpty() ? name : name + "(" + args + ")";
    }

    /** {@inheritDoc} MySQL's text and date-time names become PostgreSQL's: {@code longtext} is {@code text}. */
    @Override
    public String declaredType(String type) {
        String t = Ddl.tidy(type);
        return switch (t) {
            case "longtext", "mediumtext", "tinytext" -> "text";
            case "datetime" -> "timestamp";
            default -> type;
        };
    }

    @Override
    public Sql tryLockSql() {
        return Sql.of("SELECT pg_try_advisory_lock(hashtext('r2orm.automigrate.' || current_schema()))");
    }

    @Override
    public Sql unlockSql() {
        return Sql.of("SELECT pg_advisory_unlock(hashtext('r2orm.automigrate.' || current_schema()))");
    }

    @Override
    public boolean hasEnumTypes() {
        return true;
    }

    @Override
    public Sql createEnumType(String name, List<String> labels) {
        StringBuilder b = new StringBuilder("CREATE TYPE ").append(PostgresDialect.enumTypeName(name))
                .append(" AS ENUM (");
        for (int i = 0; i < labels.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Ddl.stringLiteral(labels.get(i)));
        }
        return Sql.of(b.append(')').toString());
    }

    @Override
    public Sql dropEnumType(String name) {
        return Sql.of("DROP TYPE " + PostgresDialect.enumTypeName(name));
    }

    /** {@code ALTER TYPE t ADD VALUE IF NOT EXISTS 'c' AFTER 'b'}; PostgreSQL never removes a label. */
    @Override
    public Sql addEnumLabel(String name, String label, @Nullable String after) {
        return Sql.of("ALTER TYPE " + PostgresDialect.enumTypeName(name) + " ADD VALUE IF NOT EXISTS "
                + Ddl.stringLiteral(label) + (after == null ? "" : " AFTER " + Ddl.stringLiteral(after)));
    }
}
