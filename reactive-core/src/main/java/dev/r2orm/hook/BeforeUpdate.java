package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs before an update of the entity (by {@code db.model(entity)} or {@code db.save(entity)}), after {@link BeforeSave}; {@link HookContext#changed(String)} tells which fields the update writes.
 */
@FunctionalInterface
public interface BeforeUpdate {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> beforeUpdate(HookContext hook);
}
