package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.clause.Expr;
import dev.r2orm.integration.AssociationModels.Comment;
import dev.r2orm.integration.AssociationModels.Company;
import dev.r2orm.integration.AssociationModels.CreditCard;
import dev.r2orm.integration.AssociationModels.Language;
import dev.r2orm.integration.AssociationModels.Member;
import dev.r2orm.integration.AssociationModels.Post;
import dev.r2orm.integration.Models.ProductTranslation;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.test.StepVerifier;

class FindInBatchesIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void seed(Db db, int n) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            products.add(new Product("p" + i, i, i % 2 == 0 ? 1 : 0));
        }
        db.createAll(products).blockLast(TIMEOUT);
    }

    @DatabaseTest
    void batchesByPrimaryKeyWithConditionsEachQueriedOnDemand(Db db, TestDatabase target) {
        seed(db, 25);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, e, rows, err, ctx) -> statements.add(sql.sql()))).build());
        var batches = counted.model(Product.class).where("stock = ?", 1).findInBatches(5);

        StepVerifier.create(batches, 1)
                .assertNext(b -> assertThat(b).extracting(p -> p.name).containsExactly("p0", "p2", "p4", "p6", "p8"))
                .then(() -> assertThat(statements).hasSize(1))
                .thenRequest(1)
                .assertNext(b -> assertThat(b).hasSize(5))
                .then(() -> assertThat(statements).hasSize(2))
                .thenRequest(Long.MAX_VALUE)
                .assertNext(b -> assertThat(b).extracting(p -> p.name).containsExactly("p20", "p22", "p24"))
                .verifyComplete();
        assertThat(statements).hasSize(3);
    }

    @DatabaseTest
    void rowsOfTheCurrentBatchCanBeUpdatedInThePipeline(Db db) {
        seed(db, 23);
        AtomicInteger seen = new AtomicInteger();
        StepVerifier.create(db.model(Product.class).findInBatches(10)
                        .concatMap(batch -> {
                            seen.addAndGet(batch.size());
                            List<Long> ids = batch.stream().map(p -> p.id).toList();
                            return db.model(Product.class).where("id IN ?", ids).update("price", 0);
                        })
                        .reduce(0L, Long::sum))
                .expectNext(23L).verifyComplete();
        assertThat(seen).hasValue(23);
        StepVerifier.create(db.model(Product.class).where("price = ?", 0).count()).expectNext(23L).verifyComplete();
    }

    @DatabaseTest
    void compositeKeysAndPreloadsApplyToEachBatch(Db db) {
        db.migrator().autoMigrate(ProductTranslation.class).block(TIMEOUT);
        List<ProductTranslation> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            for (String locale : List.of("de", "en")) {
                ProductTranslation t = new ProductTranslation();
                t.productId = i;
                t.locale = locale;
                t.title = i + locale;
                rows.add(t);
            }
        }
        db.createAll(rows).blockLast(TIMEOUT);
        StepVerifier.create(db.model(ProductTranslation.class).findInBatches(4).map(List::size).collectList())
                .expectNext(List.of(4, 4, 4, 2)).verifyComplete();

        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class).block(TIMEOUT);
        for (int i = 0; i < 5; i++) {
            Member m = new Member("m" + i);
            m.posts = List.of(new Post("t" + i, null));
            db.create(m).block(TIMEOUT);
        }
        StepVerifier.create(db.model(Member.class).preload("Posts").findInBatches(2)
                        .map(b -> b.stream().allMatch(m -> m.posts.size() == 1) ? b.size() : -1).collectList())
                .expectNext(List.of(2, 2, 1)).verifyComplete();
    }

    @DatabaseTest
    void theQueryOrderIsHonouredAcrossBatchesNullsIncluded(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            // ties on stock, NULL stocks, prices out of key order
            products.add(new Product("p" + i, (i * 7) % 11, i % 5 == 0 ? null : i % 4));
        }
        db.createAll(products).blockLast(TIMEOUT);

        for (String order : List.of("stock desc, price", "stock, price desc", "price desc")) {
            List<Long> expected = db.model(Product.class).order(order).order("id").find().map(p -> p.id)
                    .collectList().block(TIMEOUT);
            List<Long> batched = db.model(Product.class).order(order).findInBatches(4)
                    .concatMapIterable(batch -> batch).map(p -> p.id).collectList().block(TIMEOUT);
            assertThat(batched).as(order).hasSize(41).containsExactlyElementsOf(expected);
        }
        List<Long> filtered = db.model(Product.class).where("price > ?", 3).order("stock desc").findInBatches(3)
                .concatMapIterable(batch -> batch).map(p -> p.id).collectList().block(TIMEOUT);
        assertThat(filtered).containsExactlyElementsOf(db.model(Product.class).where("price > ?", 3)
                .order("stock desc, id").find().map(p -> p.id).collectList().block(TIMEOUT));
    }

    @DatabaseTest
    void anOrderByAnExpressionCannotBePaged(Db db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.model(Product.class)
                        .order(dev.r2orm.clause.Expr.raw("length(name)")).findInBatches(10))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("columns");
    }

    @DatabaseTest
    void rowsOfTheCurrentBatchCanBeDeletedInThePipeline(Db db) {
        seed(db, 23);
        StepVerifier.create(db.model(Product.class).findInBatches(5)
                        .concatMap(batch -> db.model(Product.class)
                                .delete(batch.stream().map(p -> p.id).toList()))
                        .reduce(0L, Long::sum))
                .expectNext(23L).verifyComplete();
        StepVerifier.create(db.model(Product.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void aSelectListKeepsTheValuesEachBatchContinuesAfter(Db db) {
        seed(db, 7);
        StepVerifier.create(db.model(Product.class).select("id", "name").order("name desc").findInBatches(3)
                        .map(b -> b.get(0).name))
                .expectNext("p6", "p3", "p0").verifyComplete();
        assertThatThrownBy(() -> db.model(Product.class).select("name").findInBatches(3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("select id too");
        assertThatThrownBy(() -> db.model(Product.class).select("id").order("name").findInBatches(3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("select name too");
        // a select list r2orm cannot read is trusted, and a row without its primary key stops the batches
        StepVerifier.create(db.model(Product.class).select(Expr.raw("name")).findInBatches(3))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("without id"))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Product.class).select(Expr.raw("name")).findInBatches(10).map(List::size))
                .expectNext(7).verifyComplete();
    }
}
