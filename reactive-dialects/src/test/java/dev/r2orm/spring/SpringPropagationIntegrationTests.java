package dev.r2orm.spring;

import static dev.r2orm.spring.SpringFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED;
import static org.springframework.transaction.TransactionDefinition.PROPAGATION_NOT_SUPPORTED;
import static org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW;

import dev.r2orm.Db;
import dev.r2orm.ReadOnlyTransactionException;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.UnexpectedRollbackException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Spring's propagation behaviours, read-only and isolation where r2orm and Spring's {@code DatabaseClient} share
 * transactions, both ways, as Spring documents them: REQUIRES_NEW suspends the transaction (Spring's or r2orm's) and
 * runs its work, r2orm's included, on a connection and transaction of its own that commits whatever the outer one
 * does; NESTED is a savepoint on the outer transaction's connection; NOT_SUPPORTED runs outside it; a participant
 * that fails marks the transaction rollback-only and it does not commit; a read-only Spring transaction refuses
 * r2orm's writes (typed) and its isolation level is the one r2orm's statements run at.
 */
class SpringPropagationIntegrationTests {

    @DatabaseTest
    void requiresNewInsideASpringTransactionCommitsOnItsOwn(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.create(20, "outer")
                        .then(spring.operator(PROPAGATION_REQUIRES_NEW).transactional(spring.create(20, "inner")
                                .then(spring.insert(20))
                                // a transaction of its own: the outer one's uncommitted row is not visible
                                .then(spring.count(20))))
                        .flatMap(seen -> Mono.error(new IllegalStateException("outer fails after " + seen)))))
                .expectErrorMessage("outer fails after 2").verify(TIMEOUT);
        assertThat(spring.notes(20)).containsExactly("inner", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void nestedInsideASpringTransactionIsASavepoint(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.insert(21)
                        .then(spring.operator(PROPAGATION_NESTED).transactional(spring.create(21, "undone")
                                        .then(Mono.error(new IllegalStateException("nested"))))
                                .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                        .then(spring.operator(PROPAGATION_NESTED).transactional(spring.create(21, "kept")))
                        .then(spring.create(21, "outer"))))
                .expectNextCount(1).verifyComplete();
        assertThat(spring.notes(21)).containsExactly("kept", "outer", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void requiresNewInsideR2ormsTransactionCommitsOnItsOwn(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transaction(tx -> spring.create(22, "r2orm")
                        .then(spring.operator(PROPAGATION_REQUIRES_NEW).transactional(spring.insert(22)
                                // r2orm's statements run in Spring's new transaction, not in r2orm's
                                .then(spring.create(22, "new"))
                                .then(spring.count(22))))
                        .flatMap(seen -> Mono.error(new IllegalStateException("r2orm fails after " + seen)))))
                .expectErrorMessage("r2orm fails after 2").verify(TIMEOUT);
        assertThat(spring.notes(22)).containsExactly("new", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void r2ormsTransactionInsideRequiresNewInsideR2ormsIsASavepointOfSprings(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transactionMono(tx -> spring.create(23, "r2orm")
                        .then(spring.operator(PROPAGATION_REQUIRES_NEW).transactional(spring.insert(23)
                                .then(db.transaction(inner -> spring.create(23, "undone")
                                                .then(Mono.error(new IllegalStateException("savepoint"))))
                                        .then()
                                        .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                                .then(spring.count(23))))))
                .expectNext(1L).verifyComplete();
        assertThat(spring.notes(23)).containsExactly("r2orm", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void nestedInsideR2ormsTransactionIsASavepoint(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transactionMono(tx -> spring.create(24, "r2orm")
                        .then(spring.operator(PROPAGATION_NESTED).transactional(spring.insert(24)
                                        .then(spring.create(24, "undone"))
                                        // a savepoint on r2orm's connection: r2orm's uncommitted row is visible
                                        .then(spring.springCount(24))
                                        .flatMap(seen -> Mono.error(new IllegalStateException("nested " + seen))))
                                .onErrorResume(e -> e.getMessage().equals("nested 3"), e -> Mono.empty()))
                        .then(spring.operator(PROPAGATION_NESTED).transactional(spring.create(24, "kept")))
                        .then(spring.springCount(24))))
                .expectNext(2L).verifyComplete();
        assertThat(spring.notes(24)).containsExactly("kept", "r2orm");
        spring.assertIdle();
    }

    @DatabaseTest
    void notSupportedInsideR2ormsTransactionRunsOutsideIt(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transaction(tx -> spring.create(25, "rolled back")
                        .then(spring.operator(PROPAGATION_NOT_SUPPORTED).transactional(spring.create(25, "outside")
                                .then(spring.insert(25))))
                        .then(Mono.error(new IllegalStateException("r2orm fails")))))
                .expectErrorMessage("r2orm fails").verify(TIMEOUT);
        assertThat(spring.notes(25)).containsExactly("outside", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void aFailedSpringParticipantMarksR2ormsTransactionRollbackOnly(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transaction(tx -> spring.create(26, "r2orm")
                        .then(spring.operator().transactional(spring.insert(26)
                                        .then(Mono.error(new IllegalStateException("participant"))))
                                .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                        .then(spring.create(26, "after"))))
                .expectNextCount(1)
                .verifyError(UnexpectedRollbackException.class);
        assertThat(spring.notes(26)).isEmpty();
        spring.assertIdle();
    }

    @DatabaseTest
    void aReadOnlySpringTransactionRefusesR2ormsWritesTyped(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        spring.create(27, "before").block(TIMEOUT);
        StepVerifier.create(spring.readOnly().transactional(spring.count(27)))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(spring.readOnly()
                        .transactional(spring.create(27, "refused")))
                .verifyError(ReadOnlyTransactionException.class);
        assertThat(spring.notes(27)).containsExactly("before");
        spring.assertIdle();
    }

    @DatabaseTest
    void r2ormsStatementsRunAtTheSpringTransactionsIsolationLevel(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        spring.create(28, "before").block(TIMEOUT);
        // a row committed by another transaction between two reads: repeatable read does not see it, read committed does
        Mono<java.util.List<Long>> twoReads = spring.count(28)
                .flatMap(first -> spring.operator(PROPAGATION_REQUIRES_NEW).transactional(spring.create(28, "other"))
                        .then(spring.count(28))
                        .map(second -> java.util.List.of(first, second)));
        StepVerifier.create(spring.isolated(TransactionDefinition.ISOLATION_READ_COMMITTED).transactional(twoReads))
                .expectNext(java.util.List.of(1L, 2L)).verifyComplete();
        if (target != TestDatabase.H2) { // r2dbc-h2 sets H2 1.x's LOCK_MODE for an isolation level: H2 2 ignores it
            StepVerifier.create(spring.isolated(TransactionDefinition.ISOLATION_REPEATABLE_READ)
                            .transactional(twoReads))
                    .expectNext(java.util.List.of(2L, 2L)).verifyComplete();
        }
        spring.assertIdle();
    }
}
