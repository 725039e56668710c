package dev.r2orm.callbacks;

import reactor.core.publisher.Flux;

/**
 * One named step of an operation's chain. Steps run in order: each receives the stream the previous step produced
 * and returns the stream the next step receives. A create chain streams the entities being created; a query chain
 * starts empty and its {@code r2orm:query} step emits the rows.
 *
 * <pre>{@code
 * db.callbacks().create().before(Steps.CREATE).register("audit:stamp",
 *         (op, entities) -> entities.doOnNext(e -> ((Audited) e).setCreatedBy(currentUser())));
 * }</pre>
 *
 * <p>A step may change the operation's statement ({@link Operation#statement(dev.r2orm.Statement)}) when it is
 * applied, which happens at subscription, before any step executes SQL. A step must stay lazy: it composes the stream,
 * it does not subscribe to it.
 */
@FunctionalInterface
public interface Callback {

    /**
     * Composes this step onto the stream.
     *
     * <p>Cancelling: the operation's subscriber cancels the stream the last step returned, and each step passes the
     * cancel on to its {@code upstream} (Reactor's operators do), so the built-in steps release their connection and
     * the operation's own transaction is rolled back ({@link Steps#COMMIT_OR_ROLLBACK}). A step that starts work
     * outside the stream it returns must stop that work on cancel itself.
     *
     * @param operation the operation being run
     * @param upstream what the previous steps emit
     * @return what this step emits. An error it signals, or passes on from {@code upstream} (the translated
     *     {@link dev.r2orm.R2ormException}s of the statements), fails the operation; in a step placed before
     *     {@link Steps#COMMIT_OR_ROLLBACK} it rolls the operation's own transaction back
     */
    Flux<Object> apply(Operation operation, Flux<Object> upstream);
}
