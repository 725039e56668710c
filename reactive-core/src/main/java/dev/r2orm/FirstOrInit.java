package dev.r2orm;

import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.FieldValue;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.ValueCheck;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The entity of {@link Query#firstOrInit()} and {@link Query#firstOrCreate()}: built from the query's equality
 * conditions and the {@code attrs} and {@code assign} values when no row matches, or completed with the
 * {@code assign} values when one does (GORM's {@code FirstOrInit}, {@code FirstOrCreate}, {@code Attrs},
 * {@code Assign}).
 */
final class FirstOrInit {

    private FirstOrInit() {
    }

    /**
     * The body of {@link Query#firstOrInit()}: the first row with the {@code assign} values, or a new entity.
     *
     * @param q the query
     * @param <T> the model type
     * @return the found or new entity
     */
    static <T> Mono<T> firstOrInit(Query<T> q) {
        return q.first().map(found -> assignedTo(q, found))
                .onErrorResume(RecordNotFoundException.class, e -> Mono.fromSupplier(() -> initialOf(q)));
    }

    /**
     * The body of {@link Query#firstOrCreate()}: the first row with the {@code assign} values saved to it, or a new
     * entity created.
     *
     * @param q the query
     * @param <T> the model type
     * @return the found (and assigned) or created entity
     */
    static <T> Mono<T> firstOrCreate(Query<T> q) {
        Map<String, @Nullable Object> assign = q.options().assign();
        return q.first()
                .flatMap(found -> assign.isEmpty() ? Mono.just(found)
                        : q.db().model(found).updates(assign).thenReturn(assignedTo(q, found)))
                .onErrorResume(RecordNotFoundException.class, e -> Mono.defer(() -> q.db().create(initialOf(q))));
    }

    private static <T> T initialOf(Query<T> q) {
        return initial(q.type(), q.requireSchema("firstOrInit"), (Where) q.statement().clause("WHERE"),
                q.options().attrs(), q.options().assign());
    }

    private static <T> T assignedTo(Query<T> q, T found) {
        return assigned(q.type(), q.requireSchema("assign"), found, q.options().assign());
    }

    /**
     * A new, unsaved entity: the query's equality conditions, then {@code attrs}, then {@code assign}.
     *
     * @param type the model class
     * @param s its schema
     * @param where the query's conditions, or null
     * @param attrs values used only for a new entity
     * @param assign values written whether a row matched or not
     * @param <T> the model type
     * @return the entity
     * @throws IllegalArgumentException naming a key that is not a field or column of the model
     */
    static <T> T initial(Class<T> type, Schema s, @Nullable Where where, Map<String, @Nullable Object> attrs,
            Map<String, @Nullable Object> assign) {
        Map<String, @Nullable Object> values = new java.util.LinkedHashMap<>();
        if (where != null) {
            collectEqualities(s, where.conditions(), values);
        }
        values.putAll(attrs);
        values.putAll(assign);
        Object[] array = new Object[s.fields().size()];
        for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
            Field f = fieldOf(s, e.getKey(), "attrs/assign");
            array[f.index()] = ValueCheck.asFieldValue(f, e.getValue());
        }
        return type.cast(s.instantiate(array));
    }

    /**
     * A found entity with values written into it (a copy for records).
     *
     * @param type the model class
     * @param s its schema
     * @param found the entity
     * @param values field or column names to values
     * @param <T> the model type
     * @return the entity with the values
     * @throws IllegalArgumentException naming a key that is not a field or column of the model
     */
    static <T> T assigned(Class<T> type, Schema s, T found, Map<String, @Nullable Object> values) {
        Object out = found;
        for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
            Field f = fieldOf(s, e.getKey(), "assign");
            out = s.with(out, f, ValueCheck.asFieldValue(f, e.getValue()));
        }
        return type.cast(out);
    }

    private static void collectEqualities(Schema s, List<Expression> conditions, Map<String, @Nullable Object> out) {
        for (Expression c : conditions) {
            if (c instanceof Eq eq && stored(eq.value()) != null) {
                Field f = s.fieldByColumn(eq.column().name());
                if (f != null) {
                    out.put(f.name(), f.fromColumn(stored(eq.value())));
                }
            } else if (c instanceof Junction && ((Junction) c).operator().equals("AND")) {
                collectEqualities(s, ((Junction) c).parts(), out);
            }
        }
    }

    /** A condition's value as the column stores it, unwrapped from the {@link FieldValue} of a typed field. */
    private static @Nullable Object stored(@Nullable Object value) {
        return value instanceof FieldValue v ? v.value() : value;
    }

    private static Field fieldOf(Schema s, String name, String where) {
        Field f = s.lookup(name);
        if (f == null) {
            throw new IllegalArgumentException(where + ": '" + name + "' is not a field or column of "
                    + s.type().getName());
        }
        return f;
    }

    /**
     * @param a the values given before
     * @param b the values given now, which win
     * @return both, unmodifiable, in the order given
     */
    static Map<String, @Nullable Object> merged(Map<String, @Nullable Object> a, Map<String, ?> b) {
        Map<String, @Nullable Object> out = new java.util.LinkedHashMap<>(a);
        out.putAll(b);
        return java.util.Collections.unmodifiableMap(out);
    }
}
