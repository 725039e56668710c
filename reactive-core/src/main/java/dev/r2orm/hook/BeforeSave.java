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
     * <p>Cancelling the operation cancels this {@code Mono}: a statement the hook already sent still completes, then
     * the operation's transaction of its own is rolled back (one the caller opened ends as the caller decides).
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error, of any type, aborts it and rolls its transaction back,
     *     and reaches the operation's subscriber as it is (from {@code createInBatches}, as the cause of a
     *     {@link dev.r2orm.BatchFailedException})
     */
    Mono<Void> beforeSave(HookContext hook);
}
