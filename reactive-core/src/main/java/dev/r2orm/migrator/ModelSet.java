package dev.r2orm.migrator;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import dev.r2orm.schema.SchemaCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The tables a set of models brings to a migration: the models, the tables their belongs-to and many-to-many
 * associations refer to, their join tables, and the foreign keys of their associations.
 */
final class ModelSet {

    private final SchemaCache schemas;
    private final Dialect dialect;
    private final boolean withForeignKeys;

    ModelSet(SchemaCache schemas, Dialect dialect, boolean withForeignKeys) {
        this.schemas = schemas;
        this.dialect = dialect;
        this.withForeignKeys = withForeignKeys;
    }

    private static final java.util.Set<String> ACTIONS = java.util.Set.of("CASCADE", "SET NULL", "SET DEFAULT",
            "RESTRICT", "NO ACTION", "");

    List<ModelTable> joinTables(Schema owner) {
        Dialect d = dialect;
        List<ModelTable> out = new ArrayList<>();
        for (Relation r : schemas.relations(owner).values()) {
            if (r.kind() != Relation.Kind.MANY_TO_MANY) {
                continue;
            }
            if (r.joinModel() != null) {
                out.add(ModelTable.of(r.joinModel(), d));
                continue;
            }
            out.add(ModelTable.joinTable(Objects.requireNonNull(r.joinTable()),
                    Objects.requireNonNull(r.joinOwnerColumn()), d.columnType(r.ownerKey()),
                    Objects.requireNonNull(r.joinTargetColumn()), d.columnType(r.targetKey())));
        }
        return out;
    }

    /**
     * The tables to migrate for the models: each model after the tables its belongs-to associations and
     * many-to-many targets refer to, then its join tables; each once.
     */
    List<ModelTable> tables(List<Class<?>> models) {
        Map<String, ModelTable> out = new LinkedHashMap<>();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (Class<?> m : models) {
            visit(schemas.get(m), seen, out);
        }
        return new ArrayList<>(out.values());
    }

    private void visit(Schema schema, java.util.Set<Class<?>> seen, Map<String, ModelTable> out) {
        if (!seen.add(schema.type())) {
            return;
        }
        Map<String, Relation> relations = schemas.relations(schema);
        for (Relation r : relations.values()) {
            if (r.kind() == Relation.Kind.BELONGS_TO || r.kind() == Relation.Kind.MANY_TO_MANY) {
                visit(r.target(), seen, out);
            }
        }
        out.putIfAbsent(schema.table().toLowerCase(Locale.ROOT), ModelTable.of(schema, dialect));
        for (ModelTable j : joinTables(schema)) {
            out.putIfAbsent(j.table.toLowerCase(Locale.ROOT), j);
        }
    }

    List<ConstraintDef> foreignKeyConstraints(List<ModelTable> tables) {
        if (!withForeignKeys) {
            return List.of();
        }
        Map<String, ConstraintDef> out = new LinkedHashMap<>();
        for (ModelTable t : tables) {
            if (t.schema == null) {
                continue;
            }
            for (Migrator.ForeignKey fk : foreignKeys(t.schema.type())) {
                out.putIfAbsent(fk.name().toLowerCase(Locale.ROOT), new ConstraintDef(fk.name(), fk.table(),
                        ConstraintDef.Kind.FOREIGN_KEY, List.of(fk.column()), "", fk.refTable(),
                        List.of(fk.refColumn()), fk.onUpdate(), fk.onDelete()));
            }
        }
        return new ArrayList<>(out.values());
    }

    List<Migrator.ForeignKey> foreignKeys(Class<?> model) {
        Schema owner = schemas.get(model);
        List<Migrator.ForeignKey> out = new java.util.ArrayList<>();
        for (Relation r : schemas.relations(owner).values()) {
            String onUpdate = r.constraint() == null ? "" : r.constraint().onUpdate().toUpperCase(java.util.Locale.ROOT);
            String onDelete = r.constraint() == null ? "" : r.constraint().onDelete().toUpperCase(java.util.Locale.ROOT);
            if (!ACTIONS.contains(onUpdate) || !ACTIONS.contains(onDelete)) {
                throw new dev.r2orm.InvalidModelException("association " + r.name() + " of " + model.getName()
                        + ": unknown referential action in @Constraint; use CASCADE, SET NULL, SET DEFAULT, RESTRICT"
                        + " or NO ACTION");
            }
            String name = "fk_" + owner.table() + "_" + dev.r2orm.schema.NamingStrategy.snakeCase(r.name());
            switch (r.kind()) {
                case BELONGS_TO:
                    out.add(new Migrator.ForeignKey(name, owner.table(), r.ownerKey().column(), r.target().table(),
                            r.targetKey().column(), onUpdate, onDelete));
                    break;
                case HAS_ONE:
                case HAS_MANY:
                    if (r.polymorphicType() == null) {
                        out.add(new Migrator.ForeignKey(name, r.target().table(), r.targetKey().column(), owner.table(),
                                r.ownerKey().column(), onUpdate, onDelete));
                    }
                    break;
                default:
                    String jt = Objects.requireNonNull(r.joinTable());
                    out.add(new Migrator.ForeignKey("fk_" + jt + "_" + owner.table(), jt,
                            Objects.requireNonNull(r.joinOwnerColumn()), owner.table(), r.ownerKey().column(),
                            onUpdate, onDelete));
                    out.add(new Migrator.ForeignKey("fk_" + jt + "_" + r.target().table() + (r.target() == owner ? "_2" : ""),
                            jt, Objects.requireNonNull(r.joinTargetColumn()), r.target().table(),
                            r.targetKey().column(), onUpdate, onDelete));
            }
        }
        return out;
    }
}
