package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs before the entity is deleted (by {@code db.delete(entity)}); an error stops the delete.
 */
@FunctionalInterface
public interface BeforeDelete {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> beforeDelete(HookContext hook);
}
