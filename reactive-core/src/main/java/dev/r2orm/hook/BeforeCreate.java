package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs before the entity is inserted, after {@link BeforeSave}; it may change the entity's values, which are then written.
 */
@FunctionalInterface
public interface BeforeCreate {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> beforeCreate(HookContext hook);
}
