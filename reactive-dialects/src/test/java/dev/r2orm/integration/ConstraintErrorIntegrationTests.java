package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.CheckViolationException;
import dev.r2orm.ConstraintViolationException;
import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.NotNullViolationException;
import dev.r2orm.R2ormException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.SoftDelete;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.test.StepVerifier;

class ConstraintErrorIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Team {
        Long id;
        @Column(size = 30, unique = true)
        String name;
    }

    static class Player {
        Long id;
        Long teamId;
        @Column(size = 30, notNull = true)
        String name;
        int age;
        @SoftDelete
        LocalDateTime removedAt;
    }

    private static void schema(Db db) {
        db.migrator().autoMigrate(Team.class).block(TIMEOUT);
        String id = db.dialect().autoIncrementType(db.schema(Player.class).primaryKeys().get(0));
        // the migrator does not create foreign keys and checks yet: this table is written by hand
        db.exec("CREATE TABLE players (id " + id + " PRIMARY KEY, team_id bigint REFERENCES teams (id),"
                + " name varchar(30) NOT NULL, age integer NOT NULL CHECK (age >= 0), removed_at timestamp(6) NULL)")
                .block(TIMEOUT);
    }

    private static Player player(Long teamId, String name, int age) {
        Player p = new Player();
        p.teamId = teamId;
        p.name = name;
        p.age = age;
        return p;
    }

    @DatabaseTest
    void constraintViolationsAreTypedKeepTheirCauseAndLeakNoValues(Db db) {
        schema(db);
        Team t = new Team();
        t.name = "secret-team";
        db.create(t).block(TIMEOUT);

        Team dup = new Team();
        dup.name = "secret-team";
        StepVerifier.create(db.create(dup)).expectErrorSatisfies(e -> typed(e, DuplicatedKeyException.class))
                .verify(TIMEOUT);
        StepVerifier.create(db.create(player(987_654L, "secret-player", 20)))
                .expectErrorSatisfies(e -> typed(e, ForeignKeyViolationException.class)).verify(TIMEOUT);
        StepVerifier.create(db.create(player(t.id, "secret-player", -1)))
                .expectErrorSatisfies(e -> typed(e, CheckViolationException.class)).verify(TIMEOUT);
        StepVerifier.create(db.model(Player.class).create(Map.of("teamId", t.id, "age", 3)))
                .expectErrorSatisfies(e -> typed(e, NotNullViolationException.class)).verify(TIMEOUT);
        StepVerifier.create(db.model(Player.class).unscoped().count()).expectNext(0L).verifyComplete();
    }

    private static void typed(Throwable e, Class<? extends R2ormException> type) {
        assertThat(e).isInstanceOf(type).hasMessageContaining("SQL [").hasMessageNotContaining("secret");
        assertThat(e.getCause()).isInstanceOf(R2dbcException.class);
    }

    /** Hand-written tables whose constraints are named, as a schema kept by migrations would be. */
    private static void namedConstraints(Db db) {
        db.exec("CREATE TABLE customers (id integer PRIMARY KEY, email varchar(50),"
                + " CONSTRAINT uk_customers_email UNIQUE (email))").block(TIMEOUT);
        db.exec("CREATE TABLE purchases (id integer PRIMARY KEY, customer_id integer, qty integer NOT NULL,"
                + " CONSTRAINT fk_purchases_customer FOREIGN KEY (customer_id) REFERENCES customers (id),"
                + " CONSTRAINT chk_purchases_qty CHECK (qty > 0))").block(TIMEOUT);
        db.exec("INSERT INTO customers (id, email) VALUES (?, ?)", 1, "secret@example.com").block(TIMEOUT);
        db.exec("INSERT INTO purchases (id, customer_id, qty) VALUES (?, ?, ?)", 1, 1, 5).block(TIMEOUT);
    }

    /**
     * What each database names, lower-cased (H2 upper-cases unquoted names): PostgreSQL sends fields, the others a
     * message that says some of them.
     */
    @DatabaseTest
    void constraintExceptionsNameTheConstraintTableAndColumnTheDatabaseReported(Db db, TestDatabase target) {
        namedConstraints(db);
        boolean pg = target == TestDatabase.POSTGRESQL;
        boolean h2 = target == TestDatabase.H2;

        StepVerifier.create(db.exec("INSERT INTO customers (id, email) VALUES (?, ?)", 2, "secret@example.com"))
                .expectErrorSatisfies(e -> names(e, DuplicatedKeyException.class, "uk_customers_email",
                        pg || h2 ? "customers" : null, pg || h2 ? "email" : null))
                .verify(TIMEOUT);
        StepVerifier.create(db.exec("INSERT INTO purchases (id, customer_id, qty) VALUES (?, ?, ?)", 2, 98_765, 1))
                .expectErrorSatisfies(e -> names(e, ForeignKeyViolationException.class, "fk_purchases_customer",
                        "purchases", "customer_id"))
                .verify(TIMEOUT);
        // a parent row still referenced: the foreign key's own table (and column, where the database says it)
        StepVerifier.create(db.exec("DELETE FROM customers WHERE email = ?", "secret@example.com"))
                .expectErrorSatisfies(e -> names(e, ForeignKeyViolationException.class, "fk_purchases_customer",
                        "purchases", pg ? null : "customer_id"))
                .verify(TIMEOUT);
        StepVerifier.create(db.exec("INSERT INTO purchases (id, customer_id, qty) VALUES (?, ?, ?)", 2, 1, -7))
                .expectErrorSatisfies(e -> names(e, CheckViolationException.class, "chk_purchases_qty",
                        h2 ? null : "purchases", null))
                .verify(TIMEOUT);
        // qty left out: NULL by default on PostgreSQL and H2, "doesn't have a default value" on MariaDB
        StepVerifier.create(db.exec("INSERT INTO purchases (id, customer_id) VALUES (?, ?)", 2, 1))
                .expectErrorSatisfies(e -> names(e, NotNullViolationException.class, null, pg ? "purchases" : null,
                        "qty"))
                .verify(TIMEOUT);
        StepVerifier.create(db.table("purchases").count()).expectNext(1L).verifyComplete();
    }

    /** Checks the type, the cause and the message (no value), then the names, ignoring case. */
    private static void names(Throwable e, Class<? extends ConstraintViolationException> type,
            @Nullable String constraint, @Nullable String table, @Nullable String column) {
        typed(e, type);
        ConstraintViolationException c = (ConstraintViolationException) e;
        assertThat(c.constraint().map(n -> n.toLowerCase(Locale.ROOT))).isEqualTo(Optional.ofNullable(constraint));
        assertThat(c.table().map(n -> n.toLowerCase(Locale.ROOT))).isEqualTo(Optional.ofNullable(table));
        assertThat(c.column().map(n -> n.toLowerCase(Locale.ROOT))).isEqualTo(Optional.ofNullable(column));
        if (constraint != null) {
            assertThat(e.getMessage()).containsIgnoringCase("constraint " + constraint);
        }
    }

    @DatabaseTest
    void aCustomSoftDeleteFieldScopesQueries(Db db) {
        schema(db);
        Team t = new Team();
        t.name = "t";
        db.create(t).block(TIMEOUT);
        Player a = db.create(player(t.id, "a", 1)).block(TIMEOUT);
        db.create(player(t.id, "b", 2)).block(TIMEOUT);
        StepVerifier.create(db.delete(a)).expectNext(1L).verifyComplete();
        assertThat(a.removedAt).isNotNull();
        StepVerifier.create(db.model(Player.class).pluck("name", String.class)).expectNext("b").verifyComplete();
        StepVerifier.create(db.model(Player.class).unscoped().count()).expectNext(2L).verifyComplete();
    }

    @DatabaseTest
    void aServerErrorThatDriversRaiseAsAResourceErrorIsNotALostConnection(Db db) {
        // r2dbc-mysql raises MariaDB's 1005 (errno 150) as a resource error, which otherwise means a broken connection
        StepVerifier.create(db.exec("CREATE TABLE dangling (id BIGINT PRIMARY KEY, team_id BIGINT NOT NULL"
                        + " REFERENCES nowhere (id))"))
                .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(R2ormException.class)
                        .hasMessageContaining("CREATE TABLE dangling")
                        .satisfies(r -> assertThat(((R2ormException) r).isRetryable()).isFalse()))
                .verify(TIMEOUT);
        // the connection was fine: the pool still serves
        StepVerifier.create(db.raw("SELECT 1").scan(Integer.class)).expectNext(1).verifyComplete();
    }
}
