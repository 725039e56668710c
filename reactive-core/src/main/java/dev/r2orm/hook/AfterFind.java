package dev.r2orm.hook;

import reactor.core.publisher.Mono;

/**
 * Runs for each entity a query reads, before it is emitted.
 */
@FunctionalInterface
public interface AfterFind {

    /**
     * Runs the hook.
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error aborts it and rolls its transaction back
     */
    Mono<Void> afterFind(HookContext hook);
}
