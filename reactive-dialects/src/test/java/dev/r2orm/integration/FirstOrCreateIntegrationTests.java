package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.integration.WriteModels.Product;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.Map;
import reactor.test.StepVerifier;

class FirstOrCreateIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DatabaseTest
    void firstOrInitBuildsFromConditionsAttrsAndAssignWithoutSaving(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        StepVerifier.create(db.model(Product.class).where(Map.of("name", "ghost")).attrs(Map.of("price", 5))
                        .assign(Map.of("stock", 9)).firstOrInit())
                .assertNext(p -> {
                    assertThat(p.id).isNull();
                    assertThat(p.name).isEqualTo("ghost");
                    assertThat(p.price).isEqualTo(5);
                    assertThat(p.stock).isEqualTo(9);
                })
                .verifyComplete();
        StepVerifier.create(db.model(Product.class).count()).expectNext(0L).verifyComplete();

        db.create(new Product("real", 1, 1)).block(TIMEOUT);
        StepVerifier.create(db.model(Product.class).where(Map.of("name", "real")).attrs(Map.of("price", 5))
                        .assign(Map.of("stock", 9)).firstOrInit())
                .assertNext(p -> {
                    assertThat(p.id).isPositive();
                    assertThat(p.price).isEqualTo(1);
                    assertThat(p.stock).isEqualTo(9);
                })
                .verifyComplete();
        StepVerifier.create(db.model(Product.class).where("name = ?", "real").first().map(p -> p.stock))
                .expectNext(1).verifyComplete();
    }

    @DatabaseTest
    void firstOrCreateCreatesOnceAndSavesAssignedValues(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        var query = db.model(Product.class).where(Map.of("name", "once")).attrs(Map.of("price", 3));
        StepVerifier.create(query.firstOrCreate()).assertNext(p -> assertThat(p.id).isPositive()).verifyComplete();
        StepVerifier.create(query.firstOrCreate().map(p -> p.price)).expectNext(3).verifyComplete();
        StepVerifier.create(db.model(Product.class).count()).expectNext(1L).verifyComplete();

        StepVerifier.create(query.assign(Map.of("stock", 42)).firstOrCreate().map(p -> p.stock)).expectNext(42)
                .verifyComplete();
        StepVerifier.create(db.model(Product.class).first().map(p -> p.stock)).expectNext(42).verifyComplete();
    }
}
