package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs after a create or an update of the entity, last, inside the same transaction.
 */
@FunctionalInterface
public interface AfterSave {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> afterSave(HookContext hook);
}
