package dev.r2orm.schema;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Parses each model class once per naming strategy and keeps the result. Thread-safe. */
public final class SchemaCache {

    private final NamingStrategy naming;
    private final ConcurrentHashMap<Class<?>, Schema> schemas = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, java.util.Map<String, Relation>> relations = new ConcurrentHashMap<>();

    /**
     * Creates an empty cache.
     *
     * @param naming the naming strategy every schema is parsed with
     */
    public SchemaCache(NamingStrategy naming) {
        this.naming = Objects.requireNonNull(naming, "naming must not be null");
    }

    /**
     * The schema of a class, parsed on first use.
     *
     * @param type the model class
     * @return its schema
     * @throws dev.r2orm.InvalidModelException when the class cannot be mapped
     */
    public Schema get(Class<?> type) {
        Schema s = schemas.get(type);
        return s != null ? s : schemas.computeIfAbsent(type, t -> Schema.parse(t, naming));
    }

    /**
     * The associations of a model, resolved against their targets' schemas on first use.
     *
     * @param owner the owner's schema
     * @return the associations by lower-case field name, in declaration order
     * @throws dev.r2orm.InvalidModelException naming the class, the field and what was expected
     */
    public java.util.Map<String, Relation> relations(Schema owner) {
        java.util.Map<String, Relation> r = relations.get(owner.type());
        if (r != null) {
            return r;
        }
        java.util.Map<String, Relation> resolved = new java.util.LinkedHashMap<>();
        for (Relation.Declaration d : owner.declarations()) {
            Relation relation = Relation.resolve(owner, d, get(d.target()), naming);
            if (d.manyToMany() != null && d.manyToMany().joinModel() != void.class) {
                relation.joinModel(get(d.manyToMany().joinModel()));
            }
            resolved.put(d.name().toLowerCase(java.util.Locale.ROOT), relation);
        }
        java.util.Map<String, Relation> out = java.util.Collections.unmodifiableMap(resolved);
        relations.putIfAbsent(owner.type(), out);
        return out;
    }

    /**
     * One association of a model.
     *
     * @param owner the owner's schema
     * @param name the association's field name (case-insensitive)
     * @return the association
     * @throws dev.r2orm.InvalidModelException when the model has no association of that name, naming those it has
     */
    public Relation relation(Schema owner, String name) {
        Relation r = relations(owner).get(name.toLowerCase(java.util.Locale.ROOT));
        if (r == null) {
            throw new dev.r2orm.InvalidModelException(owner.type().getName() + " has no association named " + name
                    + "; it has " + owner.declarations().stream().map(Relation.Declaration::name).toList());
        }
        return r;
    }
}
