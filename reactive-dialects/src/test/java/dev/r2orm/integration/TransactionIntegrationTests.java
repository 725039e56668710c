package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.DbOperations;
import dev.r2orm.R2ormException;
import dev.r2orm.TransactionClosedException;
import dev.r2orm.Tx;
import dev.r2orm.TxOptions;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.IsolationLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TransactionIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void migrate(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
    }

    private static Mono<Long> count(Db db) {
        return db.model(Product.class).count();
    }

    private static Flux<String> names(Db db) {
        return db.model(Product.class).order("name").pluck("name", String.class);
    }

    private static Product p(String name) {
        return new Product(name, 1, 1);
    }

    @DatabaseTest
    void commitsOnCompleteAndRollsBackOnError(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(p("a")).then(tx.create(p("b"))).map(x -> x.name)))
                .expectNext("b").verifyComplete();
        StepVerifier.create(db.transaction(tx -> tx.create(p("c")).then(Mono.error(new IllegalStateException("no")))))
                .expectErrorMessage("no").verify(TIMEOUT);
        StepVerifier.create(names(db)).expectNext("a", "b").verifyComplete();
    }

    @DatabaseTest
    void rawAndTableQueriesOfATxRunInIt(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(p("uncommitted"))
                        .then(tx.raw("SELECT COUNT(*) FROM products WHERE name = ?", "uncommitted").scan(Long.class)
                                .single())
                        .zipWith(tx.table("products").where("name = ?", "uncommitted").count())
                        .flatMap(seen -> Mono.error(new IllegalStateException("seen " + seen.getT1() + "/"
                                + seen.getT2())))))
                .expectErrorMessage("seen 1/1").verify(TIMEOUT);
        StepVerifier.create(names(db)).verifyComplete();
    }

    /** Written once against {@link DbOperations}: a write and a statement, with a check between them. */
    private static Mono<Product> restock(DbOperations ops, String name, int stock) {
        return ops.create(p(name))
                .flatMap(created -> ops.exec("UPDATE products SET stock = ? WHERE name = ?", stock, name)
                        .then(stock < 0 ? Mono.error(new IllegalArgumentException("negative stock")) : Mono.empty())
                        .thenReturn(created));
    }

    @DatabaseTest
    void codeWrittenAgainstDbOperationsRunsOnItsOwnOrInsideATransaction(Db db) {
        migrate(db);
        // on its own: each statement commits by itself, so the insert stays although the check failed after it
        StepVerifier.create(restock(db, "alone", -1)).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        // in a transaction: both statements or neither
        StepVerifier.create(db.transactionMono(tx -> restock(tx, "in tx", -1)))
                .expectError(IllegalArgumentException.class).verify(TIMEOUT);
        StepVerifier.create(db.transactionMono(tx -> restock(tx, "committed", 7)).map(x -> x.name))
                .expectNext("committed").verifyComplete();
        StepVerifier.create(db.model(Product.class).order("name").rows(r -> r.get("name", String.class) + "="
                        + r.get("stock", Integer.class)))
                .expectNext("alone=-1", "committed=7").verifyComplete();
    }

    @DatabaseTest
    void aCancelledCommitOrRollbackOfAManualTransactionStillEndsItAndReleasesItsConnection(Db db) {
        migrate(db);
        Tx committed = db.begin().block(TIMEOUT);
        committed.create(p("committed")).block(TIMEOUT);
        committed.commit().subscribe().dispose();
        Tx rolledBack = db.begin().block(TIMEOUT);
        rolledBack.create(p("rolled back")).block(TIMEOUT);
        rolledBack.rollback().subscribe().dispose();
        dev.r2orm.testkit.Pools.awaitIdle(db, Duration.ofSeconds(10));
        assertThat(db.poolStatus().orElseThrow().acquired()).isZero();
        assertThat(committed.isClosed()).isTrue();
        assertThat(rolledBack.isClosed()).isTrue();
        // the database decided: the COMMIT was sent before the cancel, and ran to its end
        StepVerifier.create(names(db)).expectNext("committed").verifyComplete();
    }

    @DatabaseTest
    void rollsBackWhenCancelledByTakeTimeoutOrDispose(Db db) throws InterruptedException {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> Flux.concat(tx.create(p("take")), Mono.never())).take(1))
                .expectNextCount(1).verifyComplete();
        StepVerifier.create(db.transaction(tx -> tx.create(p("timeout")).then(Mono.delay(Duration.ofSeconds(5))))
                        .timeout(Duration.ofMillis(300)))
                .expectError(TimeoutException.class).verify(TIMEOUT);
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        Disposable d = db.transaction(tx -> tx.create(p("dispose")).doOnNext(x -> written.countDown())
                .then(Mono.never())).subscribe();
        assertThat(written.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        d.dispose();
        StepVerifier.create(count(db)).expectNext(0L).verifyComplete();
    }

    /** GORM's nested transaction example: user1 and user3 are committed, user2 is rolled back. */
    @DatabaseTest
    void nestedTransactionsAreSavepoints(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(p("user1"))
                        .then(tx.transaction(tx2 -> tx2.create(p("user2")).then(Mono.error(new IllegalStateException())))
                                .onErrorResume(e -> Mono.empty()).then())
                        .then(tx.transaction(tx3 -> tx3.create(p("user3"))).then())))
                .verifyComplete();
        StepVerifier.create(names(db)).expectNext("user1", "user3").verifyComplete();
    }

    @DatabaseTest
    void anUnhandledNestedErrorRollsBackTheWholeTransaction(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(p("outer"))
                        .then(tx.transaction(tx2 -> tx2.create(p("inner")).then(Mono.error(new IllegalStateException("x"))))
                                .then())))
                .expectErrorMessage("x").verify(TIMEOUT);
        StepVerifier.create(count(db)).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void operationsThroughTheOriginalDbJoinTheTransactionInTheContext(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> db.create(p("joined"))
                        .then(helperThatOnlyKnows(db))
                        .then(Mono.error(new IllegalStateException("roll back")))))
                .expectErrorMessage("roll back").verify(TIMEOUT);
        StepVerifier.create(count(db)).expectNext(0L).verifyComplete();

        StepVerifier.create(db.transaction(tx -> db.create(p("seen"))
                        .then(db.model(Product.class).where("name = ?", "seen").count())))
                .expectNext(1L).verifyComplete();
    }

    private static Mono<Product> helperThatOnlyKnows(Db db) {
        return db.create(p("helper"));
    }

    @DatabaseTest
    void operationsSubscribedOutsideThePipelineDoNotJoin(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(p("inside"))
                        .then(Mono.fromFuture(() -> db.create(p("outside")).toFuture()))
                        .then(Mono.error(new IllegalStateException("roll back")))))
                .expectErrorMessage("roll back").verify(TIMEOUT);
        StepVerifier.create(names(db)).expectNext("outside").verifyComplete();
    }

    @DatabaseTest
    void transactionMonoEmitsItsValueAfterTheCommit(Db db) {
        migrate(db);
        StepVerifier.create(db.transactionMono(tx -> tx.create(p("mono")).map(x -> x.name))).expectNext("mono")
                .verifyComplete();
        StepVerifier.create(names(db)).expectNext("mono").verifyComplete();
        // next() cancels after the first element: the transaction rolls back
        StepVerifier.create(db.transaction(tx -> tx.create(p("cancelled")).map(x -> x.name)).next())
                .expectNext("cancelled").verifyComplete();
        StepVerifier.create(names(db)).expectNext("mono").verifyComplete();
    }

    @DatabaseTest
    void transactionalWrapsAnExistingPipeline(Db db) {
        migrate(db);
        Mono<Product> pipeline = db.create(p("wrapped")).flatMap(x -> Mono.error(new IllegalStateException("no")));
        StepVerifier.create(db.transactional(pipeline)).expectErrorMessage("no").verify(TIMEOUT);
        StepVerifier.create(db.transactional(db.create(p("kept")).map(x -> x.name))).expectNext("kept").verifyComplete();
        StepVerifier.create(names(db)).expectNext("kept").verifyComplete();
    }

    @DatabaseTest
    void manualTransactionsWithNamedSavepoints(Db db) {
        migrate(db);
        Tx tx = db.begin().block(TIMEOUT);
        tx.create(p("first")).block(TIMEOUT);
        tx.savePoint("sp1").block(TIMEOUT);
        tx.create(p("second")).block(TIMEOUT);
        StepVerifier.create(tx.model(Product.class).count()).expectNext(2L).verifyComplete();
        tx.rollbackTo("sp1").block(TIMEOUT);
        tx.commit().block(TIMEOUT);
        assertThat(tx.isClosed()).isTrue();
        StepVerifier.create(names(db)).expectNext("first").verifyComplete();

        StepVerifier.create(tx.create(p("late"))).expectError(TransactionClosedException.class).verify(TIMEOUT);
        StepVerifier.create(tx.commit()).expectError(TransactionClosedException.class).verify(TIMEOUT);

        Tx rolled = db.begin().block(TIMEOUT);
        rolled.create(p("gone")).block(TIMEOUT);
        rolled.rollback().block(TIMEOUT);
        StepVerifier.create(names(db)).expectNext("first").verifyComplete();
    }

    @DatabaseTest
    void readOnlyTransactionsRefuseWrites(Db db, TestDatabase target) {
        migrate(db);
        TxOptions readOnly = TxOptions.builder().readOnly(true).isolation(IsolationLevel.READ_COMMITTED).build();
        StepVerifier.create(db.transaction(readOnly, tx -> tx.model(Product.class).count())).expectNext(0L)
                .verifyComplete();
        // PostgreSQL and MariaDB refuse it; r2dbc-h2 begins read-write, so r2orm refuses it before sending
        StepVerifier.create(db.transaction(readOnly, tx -> tx.create(p("w"))))
                .expectError(dev.r2orm.ReadOnlyTransactionException.class).verify(TIMEOUT);
        StepVerifier.create(db.transaction(readOnly, tx -> tx.exec("UPDATE products SET name = ?", "x")))
                .expectError(dev.r2orm.ReadOnlyTransactionException.class).verify(TIMEOUT);
        StepVerifier.create(count(db)).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void hooksQueriesJoinTheOperationsTransaction(Db db) {
        db.migrator().autoMigrate(WriteModels.Audited.class).block(TIMEOUT);
        // Audited.afterCreate counts its own row through the Db it receives: it only sees it inside the transaction
        StepVerifier.create(db.transaction(tx -> tx.create(new WriteModels.Audited("in tx")).map(a -> a.slug)))
                .expectNext("in tx").verifyComplete();
    }

    @DatabaseTest
    void theTransactionOfOneDbIsNotJoinedByAnother(Db db, TestDatabase target) {
        migrate(db);
        Db other = Db.open(db.connectionFactory(), target.configure(dev.r2orm.Config.builder()).build());
        StepVerifier.create(db.transaction(tx -> other.create(p("other")).then(Mono.error(new IllegalStateException()))))
                .expectError(IllegalStateException.class).verify(TIMEOUT);
        StepVerifier.create(names(db)).expectNext("other").verifyComplete();
    }

    @DatabaseTest
    void concurrentStatementsInsideOneTransactionShareItsConnection(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> Flux.range(0, 20)
                        .flatMap(i -> tx.create(p("p" + i)).then(tx.model(Product.class).count()), 8)
                        .then(tx.model(Product.class).count())))
                .expectNext(20L).verifyComplete();
        StepVerifier.create(count(db)).expectNext(20L).verifyComplete();
    }

    @DatabaseTest
    void manyConcurrentTransactionsEachCommitTheirOwnRows(Db db) {
        migrate(db);
        StepVerifier.create(Flux.range(0, 40).flatMap(i -> db.transaction(tx -> tx.create(p("c" + i))
                        .then(i % 4 == 0 ? Mono.error(new IllegalStateException()) : Mono.just(i)))
                        .onErrorResume(e -> Mono.empty()), 8).count())
                .expectNext(30L).verifyComplete();
        StepVerifier.create(count(db)).expectNext(30L).verifyComplete();
    }
}
