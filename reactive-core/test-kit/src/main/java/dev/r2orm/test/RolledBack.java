package dev.r2orm.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test in a transaction that is always rolled back: whatever the test's reactive pipelines write through
 * r2orm, and through Spring's {@code DatabaseClient} (and what is built on it), {@code TransactionalOperator} and
 * {@code @Transactional} services over the same connection factory, is gone after the test, as Spring's
 * {@code @Transactional} tests do for blocking code. {@code db.transaction(...)} inside the test becomes a savepoint
 * of the test's transaction. Pipelines the application subscribes itself while the test runs, such as a WebFlux
 * handler answering the test's {@code WebTestClient}, take part too: the extension marks every publisher subscribed
 * during the test (a Reactor {@code Hooks.onLastOperator} hook, removed after it).
 *
 * <pre>{@code
 * @RolledBack
 * class AccountTests {
 *     static final Db db = Db.open("r2dbc:h2:mem:///accounts");
 *
 *     @Test
 *     void opensAnAccount() {
 *         StepVerifier.create(db.create(new Account("ann")).then(db.model(Account.class).count()))
 *                 .expectNext(1L).verifyComplete();        // and the row is gone after the test
 *     }
 *
 *     @Test
 *     @RolledBack(false)                                    // this one commits
 *     void migrates() { ... }
 * }
 * }</pre>
 *
 * <p>The {@link dev.r2orm.Db} is the test's only {@code Db} field (static or not, in the class or its superclasses
 * or, for a {@code @Nested} class, its enclosing ones), or the {@code Db} bean of a Spring test's application context;
 * {@link #db()} names one when there are several. The test method may take the transaction as a
 * {@link dev.r2orm.Tx} parameter. Rules: tests run one at a time (JUnit's default; concurrent execution is refused,
 * since the hook is global); everything the test subscribes shares one connection; a transaction the test begins by
 * hand with {@code db.begin()} is its own and commits; work still running after the test fails with
 * {@code TransactionClosedException}. Without a JUnit extension: {@link TestTransactions#rolledBack}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RolledBackExtension.class)
public @interface RolledBack {

    /**
     * Whether the test runs in a rolled-back transaction; {@code @RolledBack(false)} on a method opts it out of its
     * class's.
     *
     * @return true by default
     */
    boolean value() default true;

    /**
     * The name of the {@code Db} field or Spring bean, when the test has several.
     *
     * @return empty for the only one
     */
    String db() default "";
}
