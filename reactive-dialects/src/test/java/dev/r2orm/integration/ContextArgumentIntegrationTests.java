package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.Query;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Values taken from the Reactor context ({@code ContextView#get} is generic) are bound as single arguments by every SQL
 * entry point, as in the README's context scope.
 */
class ContextArgumentIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Order {
        Long id;
        Long tenantId;
        String item;

        Order() {
        }

        Order(long tenantId, String item) {
            this.tenantId = tenantId;
            this.item = item;
        }
    }

    private static void orders(Db db) {
        db.migrator().autoMigrate(Order.class).block(TIMEOUT);
        db.createAll(List.of(new Order(42, "a"), new Order(42, "b"), new Order(7, "c"))).blockLast(TIMEOUT);
    }

    @DatabaseTest
    void theReadmeContextScopeRunsAsWritten(Db db) {
        orders(db);

        // the README's example, as written
        Query<Order> orders = db.model(Order.class).contextScope((q, ctx) -> q.where("tenant_id = ?", ctx.get("tenant")));
        Flux<Order> found = orders.find().contextWrite(Context.of("tenant", 42));

        StepVerifier.create(found.map(o -> o.item).sort()).expectNext("a", "b").verifyComplete();
        StepVerifier.create(orders.count().contextWrite(Context.of("tenant", 7))).expectNext(1L).verifyComplete();
    }

    @DatabaseTest
    void contextValuesAreSingleArgumentsOfRawExecOrAndNot(Db db) {
        orders(db);

        Flux<String> raw = Flux.deferContextual(ctx -> db.raw("SELECT item FROM orders WHERE tenant_id = ?",
                ctx.get("tenant")).rows(r -> r.get(0, String.class)));
        StepVerifier.create(raw.contextWrite(Context.of("tenant", 7))).expectNext("c").verifyComplete();

        Mono<Long> or = Mono.deferContextual(ctx -> db.model(Order.class).where("item = ?", ctx.get("item"))
                .or("tenant_id = ?", ctx.get("tenant")).not("item = ?", ctx.get("skip")).count());
        StepVerifier.create(or.contextWrite(Context.of("item", "a", "tenant", 7, "skip", "b"))).expectNext(2L)
                .verifyComplete();

        Mono<Long> exec = Mono.deferContextual(ctx -> db.exec("DELETE FROM orders WHERE tenant_id = ?",
                ctx.get("tenant")));
        StepVerifier.create(exec.contextWrite(Context.of("tenant", 42))).expectNext(2L).verifyComplete();
        assertThat(db.model(Order.class).pluck("item", String.class).collectList().block(TIMEOUT))
                .containsExactly("c");
    }
}
