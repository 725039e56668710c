package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.MissingWhereClauseException;
import dev.r2orm.Session;
import dev.r2orm.clause.Expr;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class WriteIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static List<Product> seed(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        return db.createAll(List.of(new Product("apple", 10, 5), new Product("pear", 20, 0),
                new Product("plum", 30, null))).collectList().block(TIMEOUT);
    }

    private static Product read(Db db, long id) {
        return db.model(Product.class).first(id).block(TIMEOUT);
    }

    @DatabaseTest
    void updateOneColumnOfAnEntityTouchesUpdatedAt(Db db) throws InterruptedException {
        Product apple = seed(db).get(0);
        Instant before = apple.updatedAt;
        Thread.sleep(5);
        StepVerifier.create(db.model(apple).update("name", "green apple")).expectNext(1L).verifyComplete();
        Product read = read(db, apple.id);
        assertThat(read.name).isEqualTo("green apple");
        assertThat(read.price).isEqualTo(10);
        assertThat(read.updatedAt).isAfter(before).isEqualTo(apple.updatedAt);
        assertThat(read(db, apple.id + 1).name).isEqualTo("pear");
    }

    @DatabaseTest
    void updatesFromAMapWriteZeroValuesAndExpressions(Db db) {
        List<Product> all = seed(db);
        StepVerifier.create(db.model(Product.class).where("name = ?", "apple")
                        .updates(Map.of("price", 0, "active", false, "stock", Expr.of("stock + ?", 10))))
                .expectNext(1L).verifyComplete();
        Product read = read(db, all.get(0).id);
        assertThat(read.price).isZero();
        assertThat(read.stock).isEqualTo(15);
    }

    @DatabaseTest
    void updatesFromAnEntitySkipZeroFieldsUnlessSelected(Db db) {
        List<Product> all = seed(db);
        Product changes = new Product();
        changes.name = "renamed";
        changes.price = 0;
        StepVerifier.create(db.model(all.get(0)).updates(changes)).expectNext(1L).verifyComplete();
        Product read = read(db, all.get(0).id);
        assertThat(read.name).isEqualTo("renamed");
        assertThat(read.price).isEqualTo(10);

        StepVerifier.create(db.model(all.get(0)).select("price").updates(changes)).expectNext(1L).verifyComplete();
        read = read(db, all.get(0).id);
        assertThat(read.price).isZero();
        assertThat(read.name).isEqualTo("renamed");

        changes.price = 99;
        StepVerifier.create(db.model(all.get(1)).omit("price").updates(changes)).expectNext(1L).verifyComplete();
        read = read(db, all.get(1).id);
        assertThat(read.name).isEqualTo("renamed");
        assertThat(read.price).isEqualTo(20);
    }

    @DatabaseTest
    void updateColumnsSkipUpdatedAt(Db db) {
        Product apple = seed(db).get(0);
        StepVerifier.create(db.model(Product.class).where("id = ?", apple.id).updateColumns(Map.of("price", 11)))
                .expectNext(1L).verifyComplete();
        Product read = read(db, apple.id);
        assertThat(read.price).isEqualTo(11);
        assertThat(read.updatedAt).isEqualTo(apple.updatedAt);
        StepVerifier.create(db.model(apple).updateColumn("price", 12)).expectNext(1L).verifyComplete();
        assertThat(read(db, apple.id).updatedAt).isEqualTo(apple.updatedAt);
    }

    @DatabaseTest
    void updateAndDeleteWithoutConditionsAreRefusedUnlessAllowed(Db db) {
        seed(db);
        StepVerifier.create(db.model(Product.class).update("price", 1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MissingWhereClauseException.class)
                        .hasMessageContaining("allowGlobalUpdate"))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Product.class).delete()).expectError(MissingWhereClauseException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.delete(new Product("no key", 1, 1))).expectError(MissingWhereClauseException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Product.class).count()).expectNext(3L).verifyComplete();

        Db global = db.session(Session.builder().allowGlobalUpdate(true).build());
        StepVerifier.create(global.model(Product.class).update("price", 1)).expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Product.class).where("price = ?", 1).count()).expectNext(3L).verifyComplete();
        StepVerifier.create(global.model(Product.class).delete()).expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Product.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void deleteByEntityByIdsAndByCondition(Db db) {
        List<Product> all = seed(db);
        StepVerifier.create(db.delete(all.get(0))).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Product.class).delete(List.of(all.get(1).id, 12345L))).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(Product.class).where("price > ?", 100).delete()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Product.class).pluck("name", String.class)).expectNext("plum").verifyComplete();
    }

    @DatabaseTest
    void saveInsertsUpdatesEveryColumnAndInsertsWhenNoRowMatched(Db db) {
        seed(db);
        Product kiwi = new Product("kiwi", 7, 3);
        StepVerifier.create(db.save(kiwi)).assertNext(p -> assertThat(p.id).isPositive()).verifyComplete();

        kiwi.price = 0;
        kiwi.stock = null;
        StepVerifier.create(db.save(kiwi)).expectNextCount(1).verifyComplete();
        Product read = read(db, kiwi.id);
        assertThat(read.price).isZero();
        assertThat(read.stock).isNull();
        assertThat(read.createdAt).isEqualTo(kiwi.createdAt);

        Product ghost = new Product("ghost", 1, 1);
        ghost.id = 5_000L;
        StepVerifier.create(db.save(ghost)).expectNextCount(1).verifyComplete();
        assertThat(read(db, 5_000L).name).isEqualTo("ghost");
        StepVerifier.create(db.model(Product.class).count()).expectNext(5L).verifyComplete();
    }

    @DatabaseTest
    void updateWithASubqueryValue(Db db) {
        List<Product> all = seed(db);
        db.migrator().autoMigrate(Tag.class).block(TIMEOUT);
        db.createAll(List.of(new Tag(null, "a"), new Tag(null, "b"), new Tag(null, "c"))).blockLast(TIMEOUT);
        StepVerifier.create(db.model(all.get(2)).update("price",
                        db.model(Tag.class).select("COUNT(*)").where("label <> ?", "c")))
                .expectNext(1L).verifyComplete();
        assertThat(read(db, all.get(2).id).price).isEqualTo(2);
    }
}
