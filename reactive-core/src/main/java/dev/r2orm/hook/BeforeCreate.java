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
     * <p>Cancelling the operation cancels this {@code Mono}: a statement the hook already sent still completes, then
     * the operation's transaction of its own is rolled back (one the caller opened ends as the caller decides).
     *
     * @param hook the database, the Reactor context and, for updates, the changes
     * @return completes to let the operation go on; an error, of any type, aborts it and rolls its transaction back,
     *     and reaches the operation's subscriber as it is (from {@code createInBatches}, as the cause of a
     *     {@link dev.r2orm.BatchFailedException})
     */
    Mono<Void> beforeCreate(HookContext hook);
}
