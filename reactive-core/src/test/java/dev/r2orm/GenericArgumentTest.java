package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A single argument whose type Java infers from a generic method ({@code ContextView#get} is {@code <T> T get(Object)})
 * is one value: with only a {@code (String, Object...)} form, Java infers {@code T = Object[]} and casts the value to an
 * array, which throws {@link ClassCastException} before r2orm is even called.
 */
class GenericArgumentTest {

    static class Order {
        Long id;
        Long tenantId;
        int total;
    }

    private static final ContextView CTX = Context.of("tenant", 42L, "ids", List.of(1, 2), "none", "x");

    private static Db db;

    @BeforeAll
    static void open() {
        db = Db.open(NoDatabase.INSTANCE, Config.builder().dialect(new TestDialect()).logger(Logger.silent()).build());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Query<Order> orders() {
        return db.model(Order.class);
    }

    @Test
    void aValueFromTheReactorContextIsOneArgumentOfEveryEntryPoint() {
        Sql where = orders().where("tenant_id = ?", CTX.get("tenant")).or("tenant_id = ?", CTX.get("tenant"))
                .not("total = ?", CTX.get("tenant")).toSql();
        assertThat(where.sql()).isEqualTo("SELECT * FROM \"orders\" WHERE ((tenant_id = $1) OR (tenant_id = $2))"
                + " AND NOT (total = $3)");
        assertThat(where.binds()).containsExactly(42L, 42L, 42L);

        Sql having = orders().select("tenant_id").group("tenantId").having("SUM(total) > ?", CTX.get("tenant"))
                .toSql();
        assertThat(having.binds()).containsExactly(42L);
        // joins(String, UnaryOperator) would take an untyped generic result: joins needs the type
        Sql joins = orders().joins("JOIN tenants t ON t.id = orders.tenant_id AND t.id = ?", CTX.<Long>get("tenant"))
                .toSql();
        assertThat(joins.binds()).containsExactly(42L);

        assertThat(orders().where("id IN ?", CTX.get("ids")).toSql().sql()).endsWith("WHERE id IN ($1,$2)");
        assertThat(Expr.of("x = ?", CTX.get("tenant")).args()).containsExactly(42L);
        assertThat(Expr.raw("x = ?", CTX.get("tenant")).args()).containsExactly(42L);
        assertThat(db.raw("SELECT * FROM orders WHERE tenant_id = ?", CTX.get("tenant")).toSql().binds())
                .containsExactly(42L);
        assertThat(db.exec("DELETE FROM orders WHERE tenant_id = ?", CTX.get("tenant"))).isNotNull();
        assertThat(orders().find("tenant_id = ?", CTX.get("tenant"))).isNotNull();
        assertThat(orders().first("tenant_id = ?", CTX.get("tenant"))).isNotNull();
    }

    @Test
    void aNullArgumentIsOneSqlNull() {
        Sql sql = orders().where("tenant_id = ?", null).or("total = ?", null).not("id = ?", null).toSql();
        assertThat(sql.binds()).containsExactly(null, null, null);
        assertThat(Expr.of("x = ?", null).args()).containsExactly((Object) null);
        assertThat(db.raw("SELECT ?", null).toSql().binds()).containsExactly((Object) null);
    }

    @Test
    void anObjectArrayIsTheArgumentListAsWithVarargs() {
        Object[] args = {1, "a"};
        Sql sql = orders().where("id = ? AND tenant_id = ?", args).toSql();
        assertThat(sql.binds()).containsExactly(1, "a");
        assertThat(Expr.of("a = ? AND b = ?", args).args()).containsExactly(1, "a");
        assertThat(db.raw("SELECT ?, ?", args).toSql().binds()).containsExactly(1, "a");
        assertThat(orders().where("id IN ?", List.of(args)).toSql().sql()).endsWith("WHERE id IN ($1,$2)");
    }

    @Test
    void noArgumentAndSeveralArgumentsStillWork() {
        assertThat(orders().where("total > 0").toSql().binds()).isEmpty();
        assertThat(orders().where("total > ? AND total < ?", 1, 9).toSql().binds()).containsExactly(1, 9);
        assertThat(orders().where("tenant_id = @t", Map.of("t", 5)).toSql().binds()).containsExactly(5);
        assertThat(orders().where("tenant_id = @t", Named.of("t", 5)).toSql().binds()).containsExactly(5);
        assertThatIllegalArgumentException().isThrownBy(() -> orders().where("a = ? AND b = ?", 1))
                .withMessageContaining("2 placeholder(s) but 1 argument(s)");
    }
}
