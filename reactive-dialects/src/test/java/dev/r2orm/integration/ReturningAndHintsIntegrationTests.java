package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Expr;
import dev.r2orm.integration.WriteModels.Note;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class ReturningAndHintsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void seed(Db db) {
        db.migrator().autoMigrate(Product.class, Note.class).block(TIMEOUT);
        db.createAll(List.of(new Product("a", 10, 1), new Product("b", 20, 2), new Product("c", 30, 3)))
                .blockLast(TIMEOUT);
    }

    @DatabaseTest
    void updateReturningEmitsTheRowsAfterTheUpdate(Db db, TestDatabase target) {
        seed(db);
        var update = db.model(Product.class).where("price >= ?", 20)
                .updatesReturning(Map.of("price", Expr.of("price * ?", 2)));
        if (target.isMySqlFamily()) {
            StepVerifier.create(update).expectError(UnsupportedByDialectException.class).verify(TIMEOUT);
            return;
        }
        StepVerifier.create(update.map(p -> p.name + "=" + p.price).sort())
                .expectNext("b=40", "c=60").verifyComplete();
        StepVerifier.create(db.model(Product.class).where("name = ?", "c").first().map(p -> p.price)).expectNext(60)
                .verifyComplete();
    }

    @DatabaseTest
    void deleteReturningEmitsTheRowsAsTheyWere(Db db, TestDatabase target) {
        seed(db);
        var delete = db.model(Product.class).where("price < ?", 25).deleteReturning();
        if (target == TestDatabase.MARIADB_WITHOUT_RETURNING) {
            StepVerifier.create(delete).expectError(UnsupportedByDialectException.class).verify(TIMEOUT);
            return;
        }
        StepVerifier.create(delete.map(p -> p.name).sort()).expectNext("a", "b").verifyComplete();
        StepVerifier.create(db.model(Product.class).count()).expectNext(1L).verifyComplete();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING})
    void hintsAndCommentsRenderEverywhereIndexHintsOnlyOnMySql(Db db, TestDatabase target) {
        seed(db);
        var hinted = db.model(Product.class).hint("MAX_EXECUTION_TIME(1000)").comment("node2").where("price > ?", 5);
        assertThat(hinted.toSql().sql()).contains("SELECT /*+ MAX_EXECUTION_TIME(1000) */ /* node2 */ *");
        StepVerifier.create(hinted.count()).expectNext(3L).verifyComplete();
        StepVerifier.create(hinted.find().count()).expectNext(3L).verifyComplete();

        var indexed = db.model(Product.class).useIndex("PRIMARY").where("price > ?", 5);
        if (target.isMySqlFamily()) {
            assertThat(indexed.toSql().sql()).contains("FROM `products` USE INDEX (`PRIMARY`)");
            StepVerifier.create(indexed.find().count()).expectNext(3L).verifyComplete();
        } else {
            StepVerifier.create(indexed.find()).expectError(UnsupportedByDialectException.class).verify(TIMEOUT);
        }
    }

    @DatabaseTest
    void hintTextCannotCloseItsComment(Db db) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> db.model(Product.class).comment("x */ DROP TABLE products /*"))
                .withMessageContaining("must not contain");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> db.model(Product.class).useIndex("idx; DROP"));
    }
}
