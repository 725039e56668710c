package dev.r2orm.test;

import dev.r2orm.Db;
import dev.r2orm.Tx;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rolled-back transactions without a JUnit extension, for any test framework.
 */
public final class TestTransactions {

    private TestTransactions() {
    }

    /**
     * Runs work in a transaction that is always rolled back: it begins when subscribed, the work's pipeline runs in
     * it (r2orm through any view of {@code db}, and Spring's {@code DatabaseClient} and transactional operators over
     * the same connection factory, as {@link Tx#context()} describes), and it is rolled back when the work completes,
     * fails or is cancelled, before the returned publisher terminates.
     *
     * <pre>{@code
     * StepVerifier.create(TestTransactions.rolledBack(db, tx -> db.create(new User("ann")).then(db.model(User.class).count())))
     *         .expectNext(1L).verifyComplete();                 // nothing was committed
     * }</pre>
     *
     * @param db the database
     * @param work the work, given the transaction
     * @param <R> the element type
     * @return the work's elements; its error after the rollback, or the translated error of the BEGIN
     *     ({@link dev.r2orm.ConnectionUnavailableException} when no connection could be had); a cancel rolls back and
     *     gives the connection back
     */
    public static <R> Flux<R> rolledBack(Db db, Function<Tx, ? extends Publisher<R>> work) {
        Objects.requireNonNull(db, "db must not be null");
        Objects.requireNonNull(work, "work must not be null");
        return Flux.usingWhen(db.begin(),
                tx -> Flux.from(work.apply(tx)).contextWrite(tx.context()),
                TestTransactions::rollback, (tx, error) -> rollback(tx), TestTransactions::rollback);
    }

    static Mono<Void> rollback(Tx tx) {
        return Mono.defer(() -> tx.isClosed() ? Mono.empty() : tx.rollback());
    }
}
