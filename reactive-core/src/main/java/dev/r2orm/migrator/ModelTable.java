package dev.r2orm.migrator;

import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Comment;
import dev.r2orm.annotation.Index;
import dev.r2orm.annotation.Table;
import dev.r2orm.annotation.UniqueIndex;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The table a model wants: its migrated columns as this dialect types them, its indexes, checks and unique columns,
 * comment and options. Built from the annotations once per plan; every mistake in them is an
 * {@link InvalidModelException} naming the class, the field and the fix, before any DDL runs.
 */
final class ModelTable {

    final @Nullable Schema schema;
    final String table;
    /** The migrated columns with the type a change compares and alters to (no serial or identity words). */
    final List<ColumnType> columns;
    /** The type that creates each column, by column name: with what makes it generate values. */
    final Map<String, String> createTypes;
    final List<IndexDef> indexes;
    final List<ConstraintDef> checks;
    final List<ConstraintDef> uniques;
    final String comment;
    final String options;

    private ModelTable(@Nullable Schema schema, String table, List<ColumnType> columns,
            Map<String, String> createTypes, List<IndexDef> indexes, List<ConstraintDef> checks,
            List<ConstraintDef> uniques) {
        this.schema = schema;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.createTypes = Map.copyOf(createTypes);
        this.indexes = List.copyOf(indexes);
        this.checks = List.copyOf(checks);
        this.uniques = List.copyOf(uniques);
        Comment c = schema == null ? null : schema.type().getAnnotation(Comment.class);
        this.comment = c == null ? "" : c.value();
        Table t = schema == null ? null : schema.type().getAnnotation(Table.class);
        this.options = t == null ? "" : t.options();
    }

    /**
     * The join table of a many-to-many association without a join model: one NOT NULL column per side, the primary
     * key on both.
     */
    static ModelTable joinTable(String table, String ownerColumn, String ownerType, String targetColumn,
            String targetType) {
        List<ColumnType> columns = List.of(
                new ColumnType(ownerColumn, "", ownerType, 0, 0, 0, false, null, true, false, false, ""),
                new ColumnType(targetColumn, "", targetType, 0, 0, 0, false, null, true, false, false, ""));
        Map<String, String> types = new LinkedHashMap<>();
        types.put(ownerColumn, ownerType);
        types.put(targetColumn, targetType);
        return new ModelTable(null, table, columns, types, List.of(), List.of(), List.of());
    }

    /** @return the primary key columns, in order */
    List<String> primaryKey() {
        return columns.stream().filter(ColumnType::primaryKey).map(ColumnType::name).toList();
    }

    static ModelTable of(Schema schema, Dialect dialect) {
        Ddl ddl = dialect.ddl();
        List<ColumnType> columns = new ArrayList<>();
        Map<String, String> createTypes = new LinkedHashMap<>();
        List<ConstraintDef> uniques = new ArrayList<>();
        for (Field f : schema.fields()) {
            if (!f.isMigrated()) {
                continue;
            }
            String type = ddl.declaredType(dialect.columnType(f));
            columns.add(new ColumnType(f.column(), "", type, f.size(), f.precision(), f.scale(), !f.isNotNull(),
                    f.defaultValue().isEmpty() ? null : f.defaultValue(), f.isPrimaryKey(), f.isAutoIncrement(),
                    f.isUnique() && !f.isPrimaryKey(), f.comment()));
            createTypes.put(f.column(), f.isAutoIncrement() ? dialect.autoIncrementType(f) : type);
            if (f.isUnique() && !f.isPrimaryKey()) {
                uniques.add(new ConstraintDef("uni_" + schema.table() + "_" + f.column(), schema.table(),
                        ConstraintDef.Kind.UNIQUE, List.of(f.column()), "", "", List.of(), "", ""));
            }
        }
        return new ModelTable(schema, schema.table(), columns, createTypes, indexes(schema), checks(schema), uniques);
    }

    /** A column of this table by name, case-insensitive, or null. */
    @Nullable ColumnType column(String name) {
        for (ColumnType c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** What every field sharing an index name must agree on (the comment only where both give one). */
    private record Attributes(String name, String type, String kind, String where, String option, String comment) {

        static Attributes of(Index ix) {
            return new Attributes(ix.name(), ix.type(), ix.kind(), ix.where(), ix.option(), ix.comment());
        }

        static Attributes of(UniqueIndex u) {
            return new Attributes(u.name(), "", "", u.where(), "", "");
        }

        boolean agrees(Attributes other) {
            return type.equalsIgnoreCase(other.type) && kind.equalsIgnoreCase(other.kind) && where.equals(other.where)
                    && option.equals(other.option)
                    && (comment.isEmpty() || other.comment.isEmpty() || comment.equals(other.comment));
        }
    }

    private static final class IndexBuilder {
        final String name;
        final Attributes attributes;
        final boolean unique;
        final Field firstField;
        final List<Object[]> parts = new ArrayList<>();

        IndexBuilder(String name, Attributes attributes, boolean unique, Field firstField) {
            this.name = name;
            this.attributes = attributes;
            this.unique = unique;
            this.firstField = firstField;
        }
    }

    private static List<IndexDef> indexes(Schema schema) {
        String table = schema.table();
        Map<String, IndexBuilder> byName = new LinkedHashMap<>();
        int order = 0;
        for (Field f : schema.fields()) {
            for (Index ix : f.annotations(Index.class)) {
                add(schema, byName, f, Attributes.of(ix), ix.unique(), ix.priority(), ix.sort(), ix.length(),
                        ix.expression(), order++);
            }
            for (UniqueIndex u : f.annotations(UniqueIndex.class)) {
                add(schema, byName, f, Attributes.of(u), true, u.priority(), u.sort(), 0, "", order++);
            }
        }
        List<IndexDef> out = new ArrayList<>();
        for (IndexBuilder b : byName.values()) {
            b.parts.sort(Comparator.<Object[]>comparingInt(p -> (Integer) p[1]).thenComparingInt(p -> (Integer) p[2]));
            Attributes a = b.attributes;
            out.add(new IndexDef(b.name, table, b.parts.stream().map(p -> (IndexDef.Part) p[0]).toList(), b.unique,
                    false, a.type().toLowerCase(Locale.ROOT), a.kind().toUpperCase(Locale.ROOT), a.where(),
                    a.option(), a.comment()));
        }
        int n = 0;
        for (Index ix : schema.type().getAnnotationsByType(Index.class)) {
            n++;
            List<IndexDef.Part> parts = new ArrayList<>();
            if (!ix.expression().isEmpty()) {
                if (ix.name().isEmpty()) {
                    throw new InvalidModelException("class " + schema.type().getName() + ": the expression index "
                            + ix.expression() + " has no name; add @Index(name = \"...\", expression = ...)");
                }
                parts.add(new IndexDef.Part("", ix.expression(), descending(schema, null, ix.sort()), 0));
            }
            for (String c : ix.columns()) {
                Field f = schema.lookup(c);
                if (f == null) {
                    throw new InvalidModelException("class " + schema.type().getName() + ": index "
                            + (ix.name().isEmpty() ? "#" + n : ix.name()) + " names unknown field " + c
                            + "; use a field or column name of " + schema.type().getSimpleName());
                }
                parts.add(new IndexDef.Part(f.column(), "", descending(schema, f, ix.sort()), ix.length()));
            }
            if (parts.isEmpty()) {
                throw new InvalidModelException("class " + schema.type().getName() + ": an @Index on the class needs"
                        + " columns = {...} or an expression");
            }
            String name = ix.name().isEmpty()
                    ? "idx_" + table + "_" + String.join("_", parts.stream().map(IndexDef.Part::column).toList())
                    : ix.name();
            IndexDef def = new IndexDef(name, table, parts, ix.unique(), false, ix.type().toLowerCase(Locale.ROOT),
                    ix.kind().toUpperCase(Locale.ROOT), ix.where(), ix.option(), ix.comment());
            for (IndexDef other : out) {
                if (other.name().equalsIgnoreCase(name)) {
                    throw new InvalidModelException("class " + schema.type().getName() + " declares two indexes named "
                            + name + "; rename one");
                }
            }
            out.add(def);
        }
        return out;
    }

    private static void add(Schema schema, Map<String, IndexBuilder> byName, Field f, Attributes ix, boolean unique,
            int priority, String sort, int length, String expression, int order) {
        String name = ix.name().isEmpty() ? "idx_" + schema.table() + "_" + f.column() : ix.name();
        IndexBuilder b = byName.get(name.toLowerCase(Locale.ROOT));
        if (b == null) {
            b = new IndexBuilder(name, ix, unique, f);
            byName.put(name.toLowerCase(Locale.ROOT), b);
        } else if (b.unique != unique || !b.attributes.agrees(ix)) {
            throw new InvalidModelException("field " + f.name() + " of " + schema.type().getName() + " declares index "
                    + name + " unlike field " + b.firstField.name() + " does (unique, type, class, where, option or"
                    + " comment differ); give both the same attributes or use another name");
        }
        for (Object[] p : b.parts) {
            if (((IndexDef.Part) p[0]).column().equalsIgnoreCase(f.column()) && expression.isEmpty()) {
                throw new InvalidModelException("field " + f.name() + " of " + schema.type().getName()
                        + " appears twice in index " + name + "; remove one annotation");
            }
        }
        IndexDef.Part part = expression.isEmpty()
                ? new IndexDef.Part(f.column(), "", descending(schema, f, sort), length)
                : new IndexDef.Part("", expression, descending(schema, f, sort), 0);
        b.parts.add(new Object[] {part, priority, order});
    }

    private static boolean descending(Schema schema, @Nullable Field f, String sort) {
        switch (sort.toLowerCase(Locale.ROOT)) {
            case "":
            case "asc":
                return false;
            case "desc":
                return true;
            default:
                throw new InvalidModelException((f == null ? "class " : "field " + f.name() + " of ")
                        + schema.type().getName() + " has index sort \"" + sort + "\"; use \"asc\" or \"desc\"");
        }
    }

    private static List<ConstraintDef> checks(Schema schema) {
        String table = schema.table();
        Map<String, ConstraintDef> byName = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            for (Check c : f.annotations(Check.class)) {
                put(schema, byName, c, "chk_" + table + "_" + f.column(), "field " + f.name() + " of ");
            }
        }
        int n = 0;
        for (Check c : schema.type().getAnnotationsByType(Check.class)) {
            put(schema, byName, c, "chk_" + table + "_" + (++n), "class ");
        }
        return new ArrayList<>(byName.values());
    }

    private static void put(Schema schema, Map<String, ConstraintDef> byName, Check c, String defaultName,
            String where) {
        if (c.value().isBlank()) {
            throw new InvalidModelException(where + schema.type().getName() + " has a @Check without an expression;"
                    + " write the condition, for example @Check(\"price > 0\")");
        }
        String name = c.name().isEmpty() ? defaultName : c.name();
        ConstraintDef def = ConstraintDef.check(name, schema.table(), c.value());
        ConstraintDef earlier = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), def);
        if (earlier != null && !Objects.equals(earlier.definition(), def.definition())) {
            throw new InvalidModelException(where + schema.type().getName() + " declares check " + name
                    + " twice with different expressions; rename one");
        }
    }
}
