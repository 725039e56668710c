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
     * <p>Cancelling the query cancels this {@code Mono} and reads no more rows; the query's connection goes back to
     * the pool (inside a transaction it stays the transaction's).
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the query go on; an error, of any type, aborts the query and reaches its subscriber
     *     as it is
     */
    Mono<Void> afterFind(HookContext hook);
}
