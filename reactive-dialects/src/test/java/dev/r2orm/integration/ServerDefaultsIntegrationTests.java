package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A table written by hand fills some columns itself: NOT NULL columns with defaults ({@code 'new'}, {@code now()}, a
 * sequence) and a computed column. A create leaves them to the database, with no {@code @Column(defaultValue)} in the
 * model, and the entity comes back with what the database wrote; a nullable column keeps the NULL it was given.
 */
class ServerDefaultsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("shop_orders")
    static class Order {
        @PrimaryKey
        Long orderId;
        String status;
        OffsetDateTime placedAt;
        Long seq;
        BigDecimal total;
        BigDecimal totalWithTax;
        String note;
    }

    private static void createTable(Db db, TestDatabase target) {
        switch (target) {
            case POSTGRESQL -> {
                db.exec("DROP SEQUENCE IF EXISTS order_seq CASCADE").block(TIMEOUT);
                db.exec("CREATE SEQUENCE order_seq START 1000").block(TIMEOUT);
                db.exec("CREATE TABLE shop_orders (order_id bigserial PRIMARY KEY,"
                        + " status text NOT NULL DEFAULT 'new', placed_at timestamptz NOT NULL DEFAULT now(),"
                        + " seq bigint NOT NULL DEFAULT nextval('order_seq'), total numeric(10,2) NOT NULL,"
                        + " total_with_tax numeric(10,2) GENERATED ALWAYS AS (total * 1.2) STORED,"
                        + " note text DEFAULT 'n/a')").block(TIMEOUT);
            }
            case H2 -> {
                db.exec("CREATE SEQUENCE order_seq START WITH 1000").block(TIMEOUT);
                db.exec("CREATE TABLE shop_orders (order_id bigint AUTO_INCREMENT PRIMARY KEY,"
                        + " status varchar(20) NOT NULL DEFAULT 'new',"
                        + " placed_at timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " seq bigint NOT NULL DEFAULT NEXT VALUE FOR order_seq, total numeric(10,2) NOT NULL,"
                        + " total_with_tax numeric(10,2) GENERATED ALWAYS AS (total * 1.2),"
                        + " note varchar(100) DEFAULT 'n/a')").block(TIMEOUT);
            }
            default -> {
                db.exec("CREATE SEQUENCE order_seq START WITH 1000").block(TIMEOUT);
                db.exec("CREATE TABLE shop_orders (order_id bigint AUTO_INCREMENT PRIMARY KEY,"
                        + " status varchar(20) NOT NULL DEFAULT 'new',"
                        + " placed_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                        + " seq bigint NOT NULL DEFAULT nextval(order_seq), total decimal(10,2) NOT NULL,"
                        + " total_with_tax decimal(10,2) GENERATED ALWAYS AS (total * 1.2) STORED,"
                        + " note varchar(100) DEFAULT 'n/a')").block(TIMEOUT);
            }
        }
    }

    private static Order order(String total) {
        Order o = new Order();
        o.total = new BigDecimal(total);
        return o;
    }

    @DatabaseTest
    void defaultsAndComputedColumnsAreLeftToTheDatabaseAndReadBack(Db db, TestDatabase target) {
        createTable(db, target);
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
        StepVerifier.create(db.create(order("10.00")))
                .assertNext(o -> {
                    assertThat(o.orderId).isPositive();
                    assertThat(o.status).isEqualTo("new");
                    assertThat(o.placedAt).isAfter(before);
                    assertThat(o.seq).isGreaterThanOrEqualTo(1000L);
                    assertThat(o.totalWithTax).isEqualByComparingTo("12.00");
                    assertThat(o.note).isNull();
                })
                .verifyComplete();

        Order paid = order("5.00");
        paid.status = "paid";
        List<Order> created = db.createAll(List.of(order("1.00"), paid, order("2.50"))).collectList().block(TIMEOUT);
        assertThat(created).extracting(o -> o.status).containsExactly("new", "paid", "new");
        assertThat(created).extracting(o -> o.totalWithTax.stripTrailingZeros().toPlainString())
                .containsExactly("1.2", "6", "3");
        assertThat(created).extracting(o -> o.seq).doesNotContainNull().doesNotHaveDuplicates();

        StepVerifier.create(db.raw("SELECT status, note FROM shop_orders ORDER BY order_id").findMaps()
                        .map(m -> m.get("status") + "/" + m.get("note")))
                .expectNext("new/null", "new/null", "paid/null", "new/null").verifyComplete();
    }

    @DatabaseTest
    void aMapCreateAndARecordGetTheFilledValuesToo(Db db, TestDatabase target) {
        createTable(db, target);
        StepVerifier.create(db.model(Order.class).create(Map.of("total", new BigDecimal("3.00"))))
                .assertNext(m -> {
                    assertThat(m).containsEntry("status", "new");
                    assertThat((BigDecimal) m.get("totalWithTax")).isEqualByComparingTo("3.60");
                })
                .verifyComplete();
        StepVerifier.create(db.create(new Receipt(null, new BigDecimal("4.00"), null)))
                .assertNext(r -> {
                    assertThat(r.orderId()).isPositive();
                    assertThat(r.status()).isEqualTo("new");
                })
                .verifyComplete();
    }

    /**
     * A DDL statement cancelled inside a transaction still runs to its end (writes there are shielded from a cancel);
     * what r2orm remembers of the table's defaults is forgotten then too, so the next create sees the new default.
     */
    @DatabaseTest
    void aCancelledDdlInATransactionStillRefreshesTheDefaultsR2ormKnows(Db db, TestDatabase target) {
        createTable(db, target);
        StepVerifier.create(db.create(order("1.00"))).expectNextCount(1).verifyComplete();
        String setDefault = "ALTER TABLE shop_orders ALTER COLUMN total SET DEFAULT 7";
        // H2 runs the statement within the subscription, before the cancel can come: there the DDL just completes
        StepVerifier.create(db.transaction(tx -> Mono.firstWithSignal(tx.exec(setDefault), Mono.just(-1L))))
                .expectNextMatches(n -> n == -1L || target == TestDatabase.H2)
                .verifyComplete();

        Order noTotal = new Order();
        StepVerifier.create(db.create(noTotal))
                .assertNext(o -> assertThat(o.total).isEqualByComparingTo("7"))
                .verifyComplete();
    }

    @Table("shop_orders")
    record Receipt(@PrimaryKey Long orderId, BigDecimal total, String status) {
    }
}
