package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs before a create or an update of the entity, before {@link BeforeCreate} or {@link BeforeUpdate}; it may change the entity's values, which are then written.
 */
@FunctionalInterface
public interface BeforeSave {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> beforeSave(HookContext hook);
}
