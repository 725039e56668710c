package dev.r2orm.migrator;

import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.migrator.Change.Safety;
import dev.r2orm.migrator.Difference.Kind;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compares the tables the models want with the catalog and writes the {@link Plan}: GORM's AutoMigrate rules (create
 * what is missing, widen or retype a column whose type, size or precision differs, drop NOT NULL, set a declared
 * default or comment; never drop a column and never add NOT NULL), with indexes and constraints compared by
 * definition. Tables first, then their indexes and constraints, then foreign keys, so that every referenced table
 * exists.
 */
final class Planner {

    private final Dialect dialect;
    private final Ddl ddl;
    private final boolean replaceChanged;
    private final List<Change> types = new ArrayList<>();
    private final List<Change> tables = new ArrayList<>();
    private final List<Change> details = new ArrayList<>();
    private final List<Change> foreignKeys = new ArrayList<>();
    private final List<Difference> unresolved = new ArrayList<>();

    Planner(Dialect dialect, boolean replaceChanged) {
        this.dialect = dialect;
        this.ddl = dialect.ddl();
        this.replaceChanged = replaceChanged;
    }

    /**
     * Plans the database enum types the models use before their tables: a missing type is created, labels the Java
     * enum gained are added (after the label they follow); labels the database has and the enum no longer has are
     * reported, never dropped.
     *
     * @param wanted the types the models use, with their labels in order
     * @param existing the types the database has
     * @return this planner
     */
    Planner enumTypes(Map<String, List<String>> wanted, Map<String, List<String>> existing) {
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            String name = e.getKey();
            List<String> labels = e.getValue();
            List<String> have = existing.get(name);
            if (have == null) {
                types.add(new Change(new Difference(Kind.MISSING_TYPE, "", name, "enum type " + name, ""),
                        Safety.SAFE, "creates enum type " + name, List.of(ddl.createEnumType(name, labels)),
                        List.of(ddl.dropEnumType(name))));
                continue;
            }
            String after = null;
            for (String label : labels) {
                if (!have.contains(label)) {
                    types.add(new Change(new Difference(Kind.ENUM_LABELS, "", name, "label " + label,
                            String.join(", ", have)), Safety.SAFE, "adds label " + label + " to enum type " + name
                            + " (PostgreSQL cannot remove it again)", List.of(ddl.addEnumLabel(name, label, after)),
                            List.of()));
                }
                after = label;
            }
            List<String> extra = new ArrayList<>(have);
            extra.removeAll(labels);
            if (!extra.isEmpty()) {
                unresolved.add(new Difference(Kind.ENUM_LABELS, "", name, String.join(", ", labels),
                        String.join(", ", have)));
            }
        }
        return this;
    }

    /**
     * Plans the models' tables against the catalog.
     *
     * @param models the tables, parents before children
     * @param catalog the existing tables by lower-case name; a model's table missing here does not exist
     * @param keys the foreign keys of the models' associations
     * @return the plan
     */
    Plan plan(List<ModelTable> models, Map<String, TableInfo> catalog, List<ConstraintDef> keys) {
        for (ModelTable m : models) {
            TableInfo t = catalog.get(m.table.toLowerCase(Locale.ROOT));
            if (t == null) {
                createTable(m);
            } else {
                columns(m, t);
                uniques(m, t);
            }
            indexes(m, t);
            checks(m, t);
        }
        for (ConstraintDef fk : keys) {
            TableInfo t = catalog.get(fk.table().toLowerCase(Locale.ROOT));
            boolean planned = models.stream().anyMatch(m -> m.table.equalsIgnoreCase(fk.table()));
            if (t == null && !planned) {
                continue;
            }
            constraint(fk, t == null ? null : t.constraints(), foreignKeys, t == null ? Safety.SAFE
                    : Safety.DATA_DEPENDENT, "rows that reference no " + fk.refTable() + " make it fail");
        }
        List<Change> all = new ArrayList<>(types);
        all.addAll(tables);
        all.addAll(details);
        all.addAll(foreignKeys);
        return new Plan(all, unresolved);
    }

    private void createTable(ModelTable m) {
        List<Sql> up = new ArrayList<>();
        up.add(createTableSql(m));
        if (!ddl.commentsInline()) {
            if (!m.comment.isEmpty()) {
                up.add(ddl.tableComment(m.table, m.comment));
            }
            for (ColumnType c : m.columns) {
                if (!c.comment().isEmpty()) {
                    up.add(ddl.columnComment(m.table, c.name(), c.comment()));
                }
            }
        }
        Sql drop = new SqlWriter(dialect).keyword("DROP TABLE ").identifier(m.table).toSql();
        tables.add(new Change(new Difference(Kind.MISSING_TABLE, m.table, "", "table " + m.table, ""), Safety.SAFE,
                "creates table " + m.table, up, List.of(drop)));
    }

    /** {@code CREATE TABLE IF NOT EXISTS "t" (columns, PRIMARY KEY (...), CONSTRAINT ... CHECK (...)) options}. */
    Sql createTableSql(ModelTable m) {
        SqlWriter w = new SqlWriter(dialect);
        w.keyword("CREATE TABLE IF NOT EXISTS ").identifier(m.table).keyword(" (");
        String sep = "";
        for (ColumnType c : m.columns) {
            w.keyword(sep);
            ddl.columnDefinition(w, withType(c, m.createTypes.get(c.name())));
            sep = ",";
        }
        List<String> pk = m.primaryKey();
        if (!pk.isEmpty()) {
            w.keyword(",PRIMARY KEY (");
            for (int i = 0; i < pk.size(); i++) {
                w.keyword(i == 0 ? "" : ",").identifier(pk.get(i));
            }
            w.keyword(")");
        }
        for (ConstraintDef check : m.checks) {
            w.keyword(",");
            ddl.constraintDefinition(w, check);
        }
        w.keyword(")");
        ddl.tableSuffix(w, m.options, m.comment);
        return w.toSql();
    }

    private void columns(ModelTable m, TableInfo t) {
        if (!m.comment.isEmpty() && !m.comment.equals(t.comment())) {
            details.add(new Change(new Difference(Kind.TABLE_COMMENT, m.table, "", m.comment, t.comment()),
                    Safety.SAFE, "sets the comment of " + m.table, List.of(ddl.tableComment(m.table, m.comment)),
                    List.of(ddl.tableComment(m.table, t.comment()))));
        }
        for (ColumnType c : m.columns) {
            ColumnType a = t.column(c.name());
            if (a == null) {
                addColumn(m, c);
            } else {
                alterColumn(m, c, a);
            }
        }
    }

    private void addColumn(ModelTable m, ColumnType c) {
        SqlWriter w = new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(m.table).keyword(" ADD COLUMN ");
        ddl.columnDefinition(w, withType(c, m.createTypes.get(c.name())));
        List<Sql> up = new ArrayList<>();
        up.add(w.toSql());
        if (!ddl.commentsInline() && !c.comment().isEmpty()) {
            up.add(ddl.columnComment(m.table, c.name(), c.comment()));
        }
        Sql down = new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(m.table).keyword(" DROP COLUMN ")
                .identifier(c.name()).toSql();
        boolean required = !c.nullable() && c.defaultValue() == null && !c.autoIncrement();
        tables.add(new Change(new Difference(Kind.MISSING_COLUMN, m.table, c.name(), describe(c), ""),
                required ? Safety.DATA_DEPENDENT : Safety.SAFE,
                required ? "adds NOT NULL column " + c.name() + " without a default: fails when " + m.table
                        + " has rows" : "adds column " + c.name(), up, List.of(down)));
    }

    private void alterColumn(ModelTable m, ColumnType c, ColumnType a) {
        boolean type = !ddl.sameType(c, a);
        boolean dropNotNull = c.nullable() && !a.nullable() && !a.primaryKey();
        if (!c.nullable() && a.nullable()) {
            unresolved.add(new Difference(Kind.COLUMN_NULLABLE, m.table, c.name(), "NOT NULL", "NULL"));
        }
        boolean defaults = c.defaultValue() != null && !c.autoIncrement() && !a.autoIncrement()
                && !ddl.canonicalDefault(c.defaultValue()).equals(ddl.canonicalDefault(a.defaultValue()));
        boolean comment = !c.comment().isEmpty() && !c.comment().equals(a.comment());
        if (!type && !dropNotNull && !defaults && !comment) {
            return;
        }
        ColumnType wanted = new ColumnType(c.name(), c.databaseType(), type ? c.columnType() : a.columnType(),
                c.length(), c.precision(), c.scale(), c.nullable() || a.nullable(),
                c.defaultValue() != null ? c.defaultValue() : a.defaultValue(), a.primaryKey(),
                a.autoIncrement(), false, c.comment().isEmpty() ? a.comment() : c.comment());
        Difference d = type ? new Difference(Kind.COLUMN_TYPE, m.table, c.name(), c.columnType(), a.columnType())
                : dropNotNull ? new Difference(Kind.COLUMN_NOT_NULL, m.table, c.name(), "NULL", "NOT NULL")
                : defaults ? new Difference(Kind.COLUMN_DEFAULT, m.table, c.name(), String.valueOf(c.defaultValue()),
                        String.valueOf(a.defaultValue()))
                : new Difference(Kind.COLUMN_COMMENT, m.table, c.name(), c.comment(), a.comment());
        ColumnType old = new ColumnType(a.name(), a.databaseType(), a.columnType(), a.length(), a.precision(),
                a.scale(), a.nullable(), a.defaultValue(), a.primaryKey(), a.autoIncrement(), false, a.comment());
        Safety safety = !type ? Safety.SAFE : narrower(c, a) ? Safety.DESTRUCTIVE : Safety.LOCKING;
        String reason = !type ? "changes " + c.name() + " in place"
                : safety == Safety.DESTRUCTIVE ? "narrows " + c.name() + " from " + a.columnType() + " to "
                        + c.columnType() + ": longer values are refused or cut"
                : "changes the type of " + c.name() + " from " + a.columnType() + " to " + c.columnType()
                        + ": may rewrite " + m.table + " under a lock";
        details.add(new Change(d, safety, reason, ddl.alterColumn(m.table, wanted, a),
                ddl.alterColumn(m.table, old, wanted)));
    }

    /** Whether the wanted type is the catalog's with a smaller length, precision or scale. */
    private boolean narrower(ColumnType wanted, ColumnType actual) {
        String w = ddl.canonicalType(wanted.columnType());
        String a = ddl.canonicalType(actual.columnType());
        String wName = w.replaceFirst("\\(.*", "");
        if (!wName.equals(a.replaceFirst("\\(.*", ""))) {
            return false;
        }
        String[] wa = Ddl.arguments(w).split(",");
        String[] aa = Ddl.arguments(a).split(",");
        for (int i = 0; i < Math.min(wa.length, aa.length); i++) {
            try {
                if (Long.parseLong(wa[i]) < Long.parseLong(aa[i])) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private void uniques(ModelTable m, TableInfo t) {
        for (ConstraintDef u : m.uniques) {
            if (t.column(u.columns().get(0)) == null || covered(u, t)) {
                continue;
            }
            details.add(new Change(new Difference(Kind.MISSING_CONSTRAINT, m.table, u.name(),
                    "UNIQUE (" + u.columns().get(0) + ")", ""), Safety.DATA_DEPENDENT,
                    "duplicate values of " + u.columns().get(0) + " make it fail", List.of(ddl.addConstraint(u)),
                    List.of(ddl.dropConstraint(u))));
        }
    }

    /** Whether a unique constraint or a full unique index already covers exactly the constraint's columns. */
    private static boolean covered(ConstraintDef unique, TableInfo t) {
        for (ConstraintDef c : t.constraints()) {
            if ((c.kind() == ConstraintDef.Kind.UNIQUE || c.kind() == ConstraintDef.Kind.PRIMARY_KEY)
                    && unique.sameDefinition(new ConstraintDef(c.name(), c.table(), ConstraintDef.Kind.UNIQUE,
                            c.columns(), "", "", List.of(), "", ""))) {
                return true;
            }
        }
        for (IndexDef i : t.indexes()) {
            if (i.unique() && i.where().isEmpty() && i.columns().size() == i.parts().size()
                    && i.columns().size() == unique.columns().size()
                    && i.columns().get(0).equalsIgnoreCase(unique.columns().get(0))) {
                return true;
            }
        }
        return false;
    }

    private void indexes(ModelTable m, @Nullable TableInfo t) {
        for (IndexDef declared : m.indexes) {
            IndexDef wanted = ddl.effectiveIndex(declared);
            IndexDef named = t == null ? null : t.indexes().stream()
                    .filter(i -> i.name().equalsIgnoreCase(wanted.name())).findFirst().orElse(null);
            if (named != null) {
                if (!wanted.sameDefinition(named)) {
                    Difference d = new Difference(Kind.CHANGED_INDEX, m.table, wanted.name(), describe(wanted),
                            describe(named));
                    if (replaceChanged) {
                        List<Sql> up = new ArrayList<>();
                        up.add(ddl.dropIndex(named));
                        up.addAll(ddl.createIndex(declared));
                        List<Sql> down = new ArrayList<>();
                        down.add(ddl.dropIndex(wanted));
                        down.addAll(ddl.createIndex(named));
                        details.add(new Change(d, Safety.LOCKING, "rebuilds index " + wanted.name()
                                + " with its new definition", up, down));
                    } else {
                        unresolved.add(d);
                    }
                }
                continue;
            }
            if (t != null && t.indexes().stream().anyMatch(wanted::sameDefinition)) {
                continue;
            }
            Safety safety = t == null ? Safety.SAFE : wanted.unique() ? Safety.DATA_DEPENDENT
                    : wanted.option().toUpperCase(Locale.ROOT).contains("CONCURRENTLY") ? Safety.SAFE
                    : Safety.LOCKING;
            String reason = t == null ? "indexes the new table " + m.table
                    : wanted.unique() ? "duplicate rows make the unique index " + wanted.name() + " fail"
                    : safety == Safety.SAFE ? "builds " + wanted.name() + " without blocking writes"
                    : "blocks writes to " + m.table + " while " + wanted.name() + " builds";
            details.add(new Change(new Difference(Kind.MISSING_INDEX, m.table, wanted.name(), describe(wanted), ""),
                    safety, reason, ddl.createIndex(declared), List.of(ddl.dropIndex(wanted))));
        }
    }

    private void checks(ModelTable m, @Nullable TableInfo t) {
        if (t == null) {
            return;
        }
        for (ConstraintDef check : m.checks) {
            constraint(check, t.constraints(), details, Safety.DATA_DEPENDENT,
                    "rows that break " + check.definition() + " make it fail");
        }
    }

    /**
     * Plans one constraint, found by name, then by definition: a check whose expression reads the same once the
     * database's reformatting is taken out (a check found by name is not compared, as databases rewrite expressions
     * beyond that), a foreign key with the same columns, target and actions (one found by name is compared).
     */
    private void constraint(ConstraintDef wanted, @Nullable List<ConstraintDef> existing, List<Change> into,
            Safety safety, String reason) {
        if (existing != null) {
            for (ConstraintDef c : existing) {
                if (c.kind() != wanted.kind()) {
                    continue;
                }
                if (c.name().equalsIgnoreCase(wanted.name())) {
                    if (wanted.kind() == ConstraintDef.Kind.FOREIGN_KEY && !wanted.sameDefinition(c)) {
                        Difference d = new Difference(Kind.CHANGED_CONSTRAINT, wanted.table(), wanted.name(),
                                describe(wanted), describe(c));
                        if (replaceChanged) {
                            into.add(new Change(d, Safety.LOCKING, "replaces " + wanted.name(),
                                    List.of(ddl.dropConstraint(c), ddl.addConstraint(wanted)),
                                    List.of(ddl.dropConstraint(wanted), ddl.addConstraint(c))));
                        } else {
                            unresolved.add(d);
                        }
                    }
                    return;
                }
                if (wanted.sameDefinition(c)) {
                    return;
                }
            }
        }
        into.add(new Change(new Difference(Kind.MISSING_CONSTRAINT, wanted.table(), wanted.name(), describe(wanted),
                ""), safety, reason, List.of(ddl.addConstraint(wanted)), List.of(ddl.dropConstraint(wanted))));
    }

    private static ColumnType withType(ColumnType c, @Nullable String type) {
        return type == null ? c : new ColumnType(c.name(), c.databaseType(), type, c.length(), c.precision(),
                c.scale(), c.nullable(), c.defaultValue(), c.primaryKey(), c.autoIncrement(), c.unique(), c.comment());
    }

    private static String describe(ColumnType c) {
        return c.columnType() + (c.nullable() ? "" : " NOT NULL")
                + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue());
    }

    private static String describe(IndexDef i) {
        StringBuilder sb = new StringBuilder(i.unique() ? "UNIQUE " : "").append(i.kind().isEmpty() ? "" : i.kind()
                + " ").append("(");
        for (int k = 0; k < i.parts().size(); k++) {
            IndexDef.Part p = i.parts().get(k);
            sb.append(k == 0 ? "" : ", ").append(p.expression().isEmpty() ? p.column() : p.expression())
                    .append(p.length() > 0 ? "(" + p.length() + ")" : "").append(p.descending() ? " DESC" : "");
        }
        sb.append(")");
        if (!i.type().isEmpty()) {
            sb.append(" USING ").append(i.type());
        }
        if (!i.where().isEmpty()) {
            sb.append(" WHERE ").append(i.where());
        }
        return sb.toString();
    }

    private static String describe(ConstraintDef c) {
        switch (c.kind()) {
            case CHECK:
                return "CHECK (" + c.definition() + ")";
            case FOREIGN_KEY:
                return "FOREIGN KEY (" + String.join(", ", c.columns()) + ") REFERENCES " + c.refTable() + " ("
                        + String.join(", ", c.refColumns()) + ")" + (c.onDelete().isEmpty() ? ""
                        : " ON DELETE " + c.onDelete()) + (c.onUpdate().isEmpty() ? "" : " ON UPDATE " + c.onUpdate());
            default:
                return c.kind() + " (" + String.join(", ", c.columns()) + ")";
        }
    }
}
