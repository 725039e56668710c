package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import dev.r2orm.ResultRow;
import dev.r2orm.clause.Expr;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.test.StepVerifier;

/** {@code rows()}: a stream of result rows read by name or index, or scanned into a model, for what a model does not fit. */
class RowsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void seed(Db db, int n) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            products.add(new Product("p" + i, i, i % 3 == 0 ? null : i));
        }
        db.createAll(products).blockLast(TIMEOUT);
    }

    @DatabaseTest
    void aQueryRowIsReadByNameAndIndexAndScannedIntoTheModel(Db db) {
        seed(db, 5);
        var rows = db.model(Product.class).select(Expr.raw("id, name, price, stock, price * 2 AS doubled")).order("id")
                .rows(row -> Map.entry(row.scan(Product.class), List.of(row.get("doubled", Integer.class),
                        row.get(2, Integer.class), row.columns().size())));

        StepVerifier.create(rows.collectList())
                .assertNext(list -> {
                    assertThat(list).hasSize(5);
                    for (int i = 0; i < 5; i++) {
                        Product p = list.get(i).getKey();
                        assertThat(p.name).isEqualTo("p" + i);
                        assertThat(p.stock).isEqualTo(i % 3 == 0 ? null : i);
                        assertThat(list.get(i).getValue()).containsExactly(i * 2, i, 5);
                    }
                })
                .verifyComplete();
    }

    @DatabaseTest
    void aRawRowCarriesAggregatesBesideTheModel(Db db) {
        seed(db, 6);
        var rows = db.raw("SELECT stock IS NULL AS missing, COUNT(*) AS n, SUM(price) AS total FROM products"
                        + " GROUP BY stock IS NULL ORDER BY 1")
                .rows(row -> List.of(row.get("n", Long.class), row.get("total", Long.class)));

        StepVerifier.create(rows.collectList())
                .expectNext(List.of(List.of(4L, 1L + 2 + 4 + 5), List.of(2L, 0L + 3)))
                .verifyComplete();
    }

    @DatabaseTest
    void rowsStreamOnDemandAndCancelling(Db db) {
        seed(db, 2_000);
        StepVerifier.create(db.model(Product.class).rows(row -> row.get("name", String.class)).take(3), 1)
                .expectNextCount(1)
                .thenRequest(2)
                .expectNextCount(2)
                .verifyComplete();
    }

    @DatabaseTest
    void aNullFromTheFunctionIsAnErrorAndTheRowCannotEscapeIt(Db db) {
        seed(db, 3);
        StepVerifier.create(db.model(Product.class).rows(row -> row.get("stock", Integer.class)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("returned null"))
                .verify(TIMEOUT);

        AtomicReference<ResultRow> escaped = new AtomicReference<>();
        db.model(Product.class).rows(row -> {
            escaped.set(row);
            return 1;
        }).blockLast(TIMEOUT);
        assertThatThrownBy(() -> escaped.get().get("name", String.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside the function");
    }
}
