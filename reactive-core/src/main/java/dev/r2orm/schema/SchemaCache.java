package dev.r2orm.schema;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Parses each model class once per naming strategy and keeps the result. Thread-safe. */
public final class SchemaCache {

    private final NamingStrategy naming;
    private final ConcurrentHashMap<Class<?>, Schema> schemas = new ConcurrentHashMap<>();

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
}
