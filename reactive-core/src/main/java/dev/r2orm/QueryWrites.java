package dev.r2orm;

import dev.r2orm.callbacks.Operation;
import dev.r2orm.callbacks.UpdatePlan;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Runs the writes of a {@link Query}: creates with its select/omit and upsert rule, and updates and deletes of the
 * rows it matches, each through the update or delete step of the callbacks with the query's context scopes, its
 * entity (hooks, {@code @Version} check) and its selected associations.
 *
 * @param <T> the model type
 */
final class QueryWrites<T> {

    private final Query<T> query;
    private final Db db;
    private final QueryOptions<T> options;

    /** @param query the query whose rows to write */
    QueryWrites(Query<T> query) {
        this.query = query;
        this.db = query.db();
        this.options = query.options();
    }

    /**
     * The body of {@link Query#createAll(List)}.
     *
     * @param values the entities
     * @return the created entities
     */
    Flux<T> createAll(List<? extends T> values) {
        return db.createAll(new ArrayList<Object>(values), query.requireSchema("create"), options.selected(),
                options.omitted(), options.onConflict()).map(query.type()::cast);
    }

    /**
     * The body of {@link Query#create(Map)}.
     *
     * @param values the row
     * @return a copy of the map with the generated key and timestamps
     */
    Mono<Map<String, @Nullable Object>> create(Map<String, ?> values) {
        return db.createAll(List.of(new LinkedHashMap<>(values)), query.requireSchema("create"),
                        options.selected(), options.omitted(), options.onConflict())
                .singleOrEmpty()
                .map(m -> {
                    @SuppressWarnings("unchecked")
                    Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) m;
                    return map;
                });
    }

    /**
     * The body of {@link Query#update(String, Object)} ({@code hooksAndTimestamps} true) and
     * {@link Query#updateColumn(String, Object)} (false).
     *
     * @param column a field or column name
     * @param value the value
     * @param hooksAndTimestamps whether hooks run, {@code updatedAt} is set and the {@code @Version} is handled
     * @return the number of rows updated
     */
    Mono<Long> update(String column, @Nullable Object value, boolean hooksAndTimestamps) {
        Map<String, @Nullable Object> one = new LinkedHashMap<>();
        one.put(column, value);
        return runUpdate(UpdatePlan.values(one), hooksAndTimestamps);
    }

    /**
     * The body of {@link Query#updates(Object)}.
     *
     * @param values an instance of the model (or a map, for a query on a table)
     * @return the number of rows updated
     */
    Mono<Long> updates(T values) {
        Objects.requireNonNull(values, "values must not be null");
        if (values instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) values;
            return runUpdate(UpdatePlan.values(map), true);
        }
        return runUpdate(UpdatePlan.nonZeroFields(), true, values);
    }

    /**
     * The body of {@link Query#delete()}: for an entity with selected associations, those are deleted first, in one
     * transaction with the entity.
     *
     * @return the number of rows deleted
     */
    Mono<Long> delete() {
        List<String> associations = selectedAssociations();
        T e = query.entity();
        if (e == null || associations.isEmpty()) {
            return runDelete(query.statement(), true);
        }
        return db.transactionMono(tx -> Flux.fromIterable(associations)
                .concatMap(name -> tx.db().model(e).association(name, Object.class, true)
                        .deleteRows(tx.db(), options.unscoped()))
                .then(new QueryWrites<>(query.on(tx.db())).runDelete(query.statement(), true)));
    }

    /** The association names among the selected ones ({@link Associations#ALL} expanded). */
    private List<String> selectedAssociations() {
        Schema s = query.schema();
        if (s == null || options.selected().isEmpty()) {
            return List.of();
        }
        Map<String, dev.r2orm.schema.Relation> relations = db.schemas().relations(s);
        List<String> out = new ArrayList<>();
        for (String name : options.selected()) {
            if (name.equals(Associations.ALL)) {
                relations.values().forEach(r -> out.add(r.name()));
            } else if (relations.containsKey(name.toLowerCase(Locale.ROOT))) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * The body of {@link Query#delete(Collection)}.
     *
     * @param ids primary key values
     * @return the number of rows deleted
     */
    Mono<Long> delete(Collection<?> ids) {
        Statement s = query.statement().with(dev.r2orm.clause.Where.of(query.keyEquals(List.copyOf(ids))));
        return runDelete(s, false);
    }

    /**
     * The body of {@link Query#updatesReturning(Map)}.
     *
     * @param values field or column names to values or expressions
     * @return the updated rows
     */
    Flux<T> updatesReturning(Map<String, ?> values) {
        return query.intercepted("update", false, Flux.deferContextual(ctx -> {
            Operation op = updateOperation(UpdatePlan.values(values).narrowed(options.selected(), options.omitted(),
                    true), db.currentSession(), ctx).returning(true).checkVersionOf(query.entity()).build();
            return db.bound(db.callbacksInternal().update().run(op, input())).map(query.type()::cast);
        }));
    }

    /**
     * The body of {@link Query#deleteReturning()}.
     *
     * @return the deleted rows
     */
    Flux<T> deleteReturning() {
        return query.intercepted("delete", false, Flux.deferContextual(ctx -> {
            Operation op = operation(Operation.Kind.DELETE, db.currentSession(), query.statement(), ctx)
                    .returning(true).checkVersionOf(query.entity()).build();
            return db.bound(db.callbacksInternal().delete().run(op, input())).map(query.type()::cast);
        }));
    }

    private Operation.Builder updateOperation(UpdatePlan plan, Session session, ContextView ctx) {
        return operation(Operation.Kind.UPDATE, session, query.statement(), ctx).updatePlan(plan);
    }

    /** An operation of the update or delete step on a statement, with the query's context scopes applied. */
    private Operation.Builder operation(Operation.Kind kind, Session session, Statement s, ContextView ctx) {
        Statement scoped = new QueryStatements<>(query).scoped(s, ctx);
        return Operation.builder(kind, db, scoped, query.type()).session(session).unscoped(options.unscoped());
    }

    /** What the step gets as its input: the query's entity, if any. */
    private Flux<Object> input() {
        T e = query.entity();
        return e == null ? Flux.empty() : Flux.just(e);
    }

    /**
     * Runs an update of the matching rows with the query's entity as the step's input.
     *
     * @param plan what to set
     * @param hooksAndTimestamps whether hooks run, {@code updatedAt} is set and the {@code @Version} is handled
     * @return the number of rows updated
     */
    Mono<Long> runUpdate(UpdatePlan plan, boolean hooksAndTimestamps) {
        return runUpdate(plan, hooksAndTimestamps, query.entity());
    }

    private Mono<Long> runUpdate(UpdatePlan plan, boolean hooksAndTimestamps, @Nullable Object values) {
        UpdatePlan narrowed = plan.narrowed(options.selected(), options.omitted(), hooksAndTimestamps);
        Session session = hooksAndTimestamps ? db.currentSession() : db.currentSession().withoutHooks();
        Object source = values != null ? values : query.entity();
        return query.intercepted("update", false, Mono.deferContextual(ctx -> {
            Operation op = updateOperation(narrowed, session, ctx)
                    .checkVersionOf(hooksAndTimestamps ? query.entity() : null).build();
            Flux<Object> in = source == null ? Flux.empty() : Flux.just(source);
            return db.bound(db.callbacksInternal().update().run(op, in)).then(Mono.fromCallable(op::rowsAffected));
        }));
    }

    /** Runs a delete; {@code byEntity}: of this query's entity, whose {@code @Version} it then checks. */
    private Mono<Long> runDelete(Statement s, boolean byEntity) {
        return query.intercepted("delete", false, Mono.deferContextual(ctx -> {
            Operation op = operation(Operation.Kind.DELETE, db.currentSession(), s, ctx)
                    .checkVersionOf(byEntity ? query.entity() : null).build();
            return db.bound(db.callbacksInternal().delete().run(op, input())).then(Mono.fromCallable(op::rowsAffected));
        }));
    }
}
