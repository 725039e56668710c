package dev.r2orm.spring;

import static dev.r2orm.spring.SpringFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * r2orm inside a Spring reactive transaction ({@code R2dbcTransactionManager} and {@code TransactionalOperator} on
 * the {@code Db}'s own connection factory), with Spring's {@code DatabaseClient} writing in the same transaction, on a
 * table written by hand: r2orm's statements run on Spring's connection, so a commit makes both sides' writes visible
 * and an error or a cancel rolls both back; r2orm's own {@code transaction(...)} inside it is a savepoint; r2orm never
 * commits, rolls back or closes Spring's connection, and the pool is idle afterwards. The other way round, Spring's
 * client inside r2orm's {@code db.transaction(...)} runs on r2orm's connection: it sees r2orm's uncommitted rows, and
 * commits or rolls back with them. Propagation other than REQUIRED: {@link SpringPropagationIntegrationTests}.
 */
class SpringTransactionIntegrationTests {

    @DatabaseTest
    void aSpringTransactionCommitsR2ormAndDatabaseClientWritesTogether(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.create(1, "r2orm")
                        .then(spring.insert(1))
                        // r2orm sees the uncommitted row Spring wrote: one connection, one transaction
                        .then(spring.count(1))))
                .expectNext(2L).verifyComplete();
        assertThat(spring.notes(1)).containsExactly("r2orm", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void anErrorRollsBackBothSides(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.insert(2)
                        .then(spring.create(2, "r2orm"))
                        .then(Mono.error(new IllegalStateException("rule")))))
                .expectErrorMessage("rule").verify(TIMEOUT);
        assertThat(spring.notes(2)).isEmpty();
        spring.assertIdle();
    }

    @DatabaseTest
    void aCancelRollsBackBothSides(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.create(3, "r2orm")
                        .then(spring.insert(3))
                        .thenMany(Flux.just(1, 2).concatWith(Mono.never())))
                        .take(1))
                .expectNext(1).verifyComplete();
        spring.assertIdle();
        assertThat(spring.notes(3)).isEmpty();
    }

    @DatabaseTest
    void r2ormsTransactionInsideASpringTransactionIsASavepoint(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(spring.operator().transactional(spring.insert(4)
                        .then(db.transaction(tx -> spring.create(4, "undone")
                                        .then(Mono.error(new IllegalStateException("inner"))))
                                .then()
                                .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                        .then(db.transaction(tx -> spring.create(4, "kept")).then())
                        .then(spring.create(4, "outer"))))
                .expectNextCount(1).verifyComplete();
        assertThat(spring.notes(4)).containsExactly("kept", "outer", "spring");

        // r2orm's completed transaction was only a savepoint released: Spring's rollback undoes it
        StepVerifier.create(spring.operator().transactional(db.transaction(tx -> spring.create(6, "released"))
                        .then(Mono.error(new IllegalStateException("outer fails")))))
                .expectErrorMessage("outer fails").verify(TIMEOUT);
        assertThat(spring.notes(6)).isEmpty();
        spring.assertIdle();
    }

    @DatabaseTest
    void withoutASpringTransactionR2ormRunsOnItsOwn(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        // no transaction: DatabaseClient autocommits, r2orm's transaction is its own and its error rolls back only it
        StepVerifier.create(spring.insert(5)
                        .then(db.transaction(tx -> spring.create(5, "r2orm")
                                .then(Mono.error(new IllegalStateException("own")))).then()))
                .expectErrorMessage("own").verify(TIMEOUT);
        assertThat(spring.notes(5)).containsExactly("spring");
    }

    // ------------------------------------------------------------------ Spring code inside r2orm's transaction

    @DatabaseTest
    void databaseClientInsideR2ormsTransactionJoinsIt(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transactionMono(tx -> spring.create(7, "r2orm")
                        .then(spring.insert(7))
                        // Spring's client sees the uncommitted row r2orm wrote: one connection, one transaction
                        .then(spring.springCount(7))))
                .expectNext(2L).verifyComplete();
        assertThat(spring.notes(7)).containsExactly("r2orm", "spring");
        spring.assertIdle();
    }

    @DatabaseTest
    void anErrorInR2ormsTransactionRollsBackSpringsWritesToo(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transaction(tx -> spring.insert(8)
                        .then(spring.create(8, "r2orm"))
                        .then(Mono.error(new IllegalStateException("rule")))))
                .expectErrorMessage("rule").verify(TIMEOUT);
        assertThat(spring.notes(8)).isEmpty();
        spring.assertIdle();
    }

    @DatabaseTest
    void aCancelOfR2ormsTransactionRollsBackSpringsWritesToo(Db db, TestDatabase target) {
        SpringFixture spring = SpringFixture.over(db, target);
        StepVerifier.create(db.transaction(tx -> spring.insert(9)
                        .then(spring.create(9, "r2orm"))
                        .thenMany(Flux.just(1, 2).concatWith(Mono.never())))
                        .take(1))
                .expectNext(1).verifyComplete();
        spring.assertIdle();
        assertThat(spring.notes(9)).isEmpty();
    }
}
