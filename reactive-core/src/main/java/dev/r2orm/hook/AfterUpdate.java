package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs after an update of the entity, inside the same transaction, before {@link AfterSave}.
 */
@FunctionalInterface
public interface AfterUpdate {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> afterUpdate(HookContext hook);
}
