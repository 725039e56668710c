package dev.r2orm.callbacks;

import dev.r2orm.hook.AfterCreate;
import dev.r2orm.hook.AfterDelete;
import dev.r2orm.hook.AfterFind;
import dev.r2orm.hook.AfterSave;
import dev.r2orm.hook.AfterUpdate;
import dev.r2orm.hook.BeforeCreate;
import dev.r2orm.hook.BeforeDelete;
import dev.r2orm.hook.BeforeSave;
import dev.r2orm.hook.BeforeUpdate;
import dev.r2orm.hook.HookContext;
import dev.r2orm.schema.Schema;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The hook steps: each calls the model's hook interfaces, in GORM's order, one entity at a time. */
final class Hooks {

    private Hooks() {
    }

    /** Whether the operation's model has a hook this kind of operation calls (so it needs a transaction). */
    static boolean any(Operation op) {
        Schema schema = op.schema();
        if (schema == null || op.session().skipHooks()) {
            return false;
        }
        Class<?> t = schema.type();
        switch (op.kind()) {
            case CREATE:
                return BeforeSave.class.isAssignableFrom(t) || BeforeCreate.class.isAssignableFrom(t)
                        || AfterCreate.class.isAssignableFrom(t) || AfterSave.class.isAssignableFrom(t);
            case UPDATE:
                return BeforeSave.class.isAssignableFrom(t) || BeforeUpdate.class.isAssignableFrom(t)
                        || AfterUpdate.class.isAssignableFrom(t) || AfterSave.class.isAssignableFrom(t);
            case DELETE:
                return BeforeDelete.class.isAssignableFrom(t) || AfterDelete.class.isAssignableFrom(t);
            default:
                return false;
        }
    }

    static Flux<Object> beforeCreate(Operation op, Flux<Object> upstream) {
        if (!has(op, BeforeSave.class, BeforeCreate.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, BeforeSave.class, x -> x.beforeSave(h))
                .then(call(e, BeforeCreate.class, x -> x.beforeCreate(h))));
    }

    static Flux<Object> afterCreate(Operation op, Flux<Object> upstream) {
        if (!has(op, AfterCreate.class, AfterSave.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, AfterCreate.class, x -> x.afterCreate(h))
                .then(call(e, AfterSave.class, x -> x.afterSave(h))));
    }

    static Flux<Object> beforeUpdate(Operation op, Flux<Object> upstream) {
        if (!has(op, BeforeSave.class, BeforeUpdate.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, BeforeSave.class, x -> x.beforeSave(h))
                .then(call(e, BeforeUpdate.class, x -> x.beforeUpdate(h))));
    }

    static Flux<Object> afterUpdate(Operation op, Flux<Object> upstream) {
        if (!has(op, AfterUpdate.class, AfterSave.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, AfterUpdate.class, x -> x.afterUpdate(h))
                .then(call(e, AfterSave.class, x -> x.afterSave(h))));
    }

    static Flux<Object> beforeDelete(Operation op, Flux<Object> upstream) {
        if (!has(op, BeforeDelete.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, BeforeDelete.class, x -> x.beforeDelete(h)));
    }

    static Flux<Object> afterDelete(Operation op, Flux<Object> upstream) {
        if (!has(op, AfterDelete.class)) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, AfterDelete.class, x -> x.afterDelete(h)));
    }

    static Flux<Object> afterFind(Operation op, Flux<Object> upstream) {
        Schema schema = op.resultSchema();
        if (op.session().skipHooks() || schema == null || !AfterFind.class.isAssignableFrom(schema.type())) {
            return upstream;
        }
        return each(op, upstream, (e, h) -> call(e, AfterFind.class, x -> x.afterFind(h)));
    }

    /**
     * Whether the operation's model implements one of these hooks: as for {@code afterFind} (and GORM), the model's
     * class decides, so an operation on a model without them adds no step per entity. Without a model, every entity
     * is asked.
     */
    private static boolean has(Operation op, Class<?>... hooks) {
        Schema schema = op.schema();
        if (schema == null) {
            return true;
        }
        for (Class<?> h : hooks) {
            if (h.isAssignableFrom(schema.type())) {
                return true;
            }
        }
        return false;
    }

    private static Flux<Object> each(Operation op, Flux<Object> upstream,
            BiFunction<Object, HookContext, Mono<Void>> hooks) {
        if (op.session().skipHooks()) {
            return upstream;
        }
        return Flux.deferContextual(ctx -> upstream.concatMap(e -> {
            Map<String, @Nullable Object> changes = op.kind() == Operation.Kind.UPDATE && op.updatePlan() != null
                    ? op.updatePlan().changes(op.schema(), e) : null;
            return hooks.apply(e, new HookContext(op.db(), ctx, changes)).thenReturn(e);
        }));
    }

    private interface Call<H> {
        Mono<Void> apply(H hook);
    }

    private static <H> Mono<Void> call(Object entity, Class<H> type, Call<H> call) {
        return type.isInstance(entity) ? Mono.defer(() -> call.apply(type.cast(entity))) : Mono.empty();
    }
}
