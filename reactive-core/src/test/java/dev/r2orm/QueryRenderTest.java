package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryRenderTest {

    private static final ConnectionFactory NO_DATABASE = dev.r2orm.NoDatabase.INSTANCE;

    static class User {
        Long id;
        String name;
        int age;
        Instant createdAt;
    }

    private static Db db;

    @BeforeAll
    static void open() {
        db = Db.open(NO_DATABASE, Config.builder().dialect(new TestDialect()).logger(Logger.silent()).build());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void baseQuerySelectsEveryColumnOfTheModelTable() {
        assertThat(db.model(User.class).toSql().sql()).isEqualTo("SELECT * FROM \"users\"");
    }

    @Test
    void chainedWheresAreParenthesisedAndAnded() {
        Sql sql = db.model(User.class).where("age > ?", 18).where("name = ? OR name = ?", "a", "b").toSql();

        assertThat(sql.sql()).isEqualTo("SELECT * FROM \"users\" WHERE (age > $1) AND (name = $2 OR name = $3)");
        assertThat(sql.binds()).containsExactly(18, "a", "b");
    }

    @Test
    void orderMapsFieldNamesToColumns() {
        assertThat(db.model(User.class).order("createdAt desc, name").toSql().sql())
                .isEqualTo("SELECT * FROM \"users\" ORDER BY \"created_at\" DESC,\"name\"");
    }

    static class Account {
        @dev.r2orm.annotation.PrimaryKey
        String code;
        @dev.r2orm.annotation.Column(name = "opened")
        Instant createdAt;
    }

    @Test
    void anOrderTextIsWorkedOutPerModelAndAnInvalidOneFailsEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThat(db.model(User.class).order("createdAt desc").toSql().sql())
                    .isEqualTo("SELECT * FROM \"users\" ORDER BY \"created_at\" DESC");
            assertThat(db.model(Account.class).order("createdAt desc").toSql().sql())
                    .isEqualTo("SELECT * FROM \"accounts\" ORDER BY \"opened\" DESC");
            assertThat(db.table("logs").order("createdAt desc").toSql().sql())
                    .isEqualTo("SELECT * FROM \"logs\" ORDER BY \"createdAt\" DESC");
            assertThatIllegalArgumentException().isThrownBy(() -> db.model(User.class).order("age; drop"))
                    .withMessageContaining("Expr.raw");
        }
    }

    @Test
    void firstAndLastOrderByEachModelsOwnKey() {
        java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Db dry = Db.open(NO_DATABASE, Config.builder().dialect(new TestDialect())
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql.sql()))
                .session(Session.builder().dryRun(true).build()).build())) {
            for (int i = 0; i < 2; i++) {
                dry.model(User.class).first().block();
                dry.model(Account.class).first().block();
                dry.model(User.class).last().block();
                dry.model(Account.class).last().block();
            }
        }
        String users = "SELECT * FROM \"users\" ORDER BY \"users\".\"id\"";
        String accounts = "SELECT * FROM \"accounts\" ORDER BY \"accounts\".\"code\"";
        assertThat(logged).containsExactly(users + " LIMIT 1", accounts + " LIMIT 1", users + " DESC LIMIT 1",
                accounts + " DESC LIMIT 1", users + " LIMIT 1", accounts + " LIMIT 1", users + " DESC LIMIT 1",
                accounts + " DESC LIMIT 1");
    }

    @Test
    void orderRejectsSql() {
        assertThatIllegalArgumentException().isThrownBy(() -> db.model(User.class).order("age; drop table users"))
                .withMessageContaining("Expr.raw");
    }

    @Test
    void limitAndOffsetCombineInEitherOrder() {
        assertThat(db.model(User.class).limit(10).offset(20).toSql().sql())
                .isEqualTo("SELECT * FROM \"users\" LIMIT 10 OFFSET 20");
        assertThat(db.model(User.class).offset(20).limit(10).toSql().sql())
                .isEqualTo("SELECT * FROM \"users\" LIMIT 10 OFFSET 20");
        assertThat(db.model(User.class).limit(10).offset(20).limit(-1).toSql().sql())
                .isEqualTo("SELECT * FROM \"users\" OFFSET 20");
    }

    @Test
    void removingTheOnlyLimitLeavesNoTrace() {
        Query<User> base = db.model(User.class);

        assertThat(base.limit(-1).toSql().sql()).isEqualTo("SELECT * FROM \"users\"");
        assertThat(base.offset(0).toSql().sql()).isEqualTo("SELECT * FROM \"users\"");
        assertThat(base.limit(5).limit(-1).toSql().sql()).isEqualTo("SELECT * FROM \"users\"");
    }

    @Test
    void queriesAreImmutable() {
        Query<User> base = db.model(User.class).where("age > ?", 18);

        Query<User> limited = base.limit(5);

        assertThat(base.toSql().sql()).isEqualTo("SELECT * FROM \"users\" WHERE age > $1");
        assertThat(limited.toSql().sql()).isEqualTo("SELECT * FROM \"users\" WHERE age > $1 LIMIT 5");
    }
}
