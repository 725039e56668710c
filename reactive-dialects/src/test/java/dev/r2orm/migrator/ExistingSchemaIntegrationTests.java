package dev.r2orm.migrator;

import static dev.r2orm.migrator.AutoMigrateIntegrationTests.capturing;
import static dev.r2orm.migrator.AutoMigrateIntegrationTests.ddl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.CheckViolationException;
import dev.r2orm.Db;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Constraint;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.Index;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.annotation.UniqueIndex;
import dev.r2orm.clause.Sql;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.TableInfo;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * Schemas an application wrote by hand before it met r2orm: keys named {@code <table>_id}, constraints and indexes
 * under the author's names, defaults and checks in the database's own spelling. Mapped by models that say the same
 * thing, they validate with no difference and a second {@code autoMigrate} issues no statement; the index forms
 * only one database has are created once and then left alone.
 */
class ExistingSchemaIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Users of an application, keyed by {@code user_id}, with a unique e-mail and a check on the balance. */
    @Table("app_users")
    static class AppUser {
        @PrimaryKey @Column(name = "user_id") Long id;
        @Column(size = 255, notNull = true, unique = true) String email;
        @Column(size = 100) String displayName;
        @Column(size = 16, notNull = true, defaultValue = "'active'") String status;
        @Check("balance >= 0")
        @Column(precision = 12, scale = 2, notNull = true, defaultValue = "0") BigDecimal balance;
        @Column(notNull = true, defaultValue = "0") int loginCount;
        @Column(notNull = true, defaultValue = "false") boolean isAdmin;
        @Index(name = "app_users_created_at_idx", sort = "desc")
        @Column(notNull = true, defaultValue = "CURRENT_TIMESTAMP") Instant createdAt;
        Instant updatedAt;
        @ForeignKey("userId") @Constraint(onDelete = "CASCADE") List<AppOrder> orders;
    }

    /** Orders of a user, with an order number unique under another name than the model's. */
    @Table("app_orders")
    static class AppOrder {
        @PrimaryKey @Column(name = "order_id") Long id;
        @Index(name = "app_orders_user_id_idx") @Column(notNull = true) Long userId;
        @UniqueIndex @Column(size = 20, notNull = true) String orderNo;
        @Column(precision = 12, scale = 2, notNull = true) BigDecimal total;
        @Column(size = 500) String note;
        @Column(notNull = true) LocalDate placedOn;
        @Column(notNull = true, defaultValue = "false") boolean shipped;
    }

    /** PostgreSQL's index forms: expression, GIN over an expression and over jsonb, partial, built concurrently. */
    @Table("pg_articles")
    @Index(name = "idx_pg_articles_lower_title", expression = "lower(title)")
    @Index(name = "idx_pg_articles_search", expression = "to_tsvector('english', body)", type = "gin")
    static class PgArticle {
        Long id;
        @Column(size = 200, notNull = true) String title;
        @Column(type = "text") String body;
        @Index(type = "gin") @Column(type = "jsonb") String meta;
        @Index(name = "idx_pg_articles_live", where = "deleted_at IS NULL") Instant deletedAt;
        @Index(option = "CONCURRENTLY") Long authorId;
        @Index(sort = "desc", name = "idx_pg_articles_recent", priority = 1) Instant publishedAt;
    }

    /** MariaDB's and MySQL's index forms: FULLTEXT and prefix lengths, alone and in a composite index. */
    @Table("my_notes")
    static class MyNote {
        Long id;
        @Index(length = 10) @Column(size = 200) String title;
        @Index(kind = "fulltext") @Column(type = "text") String body;
        @Index(name = "idx_my_notes_pair", priority = 1, length = 8) @Column(size = 100) String folder;
        @Index(name = "idx_my_notes_pair", priority = 2) Integer position;
    }

    /** The application's own DDL, as its authors would write it for each database. */
    private static List<String> handWritten(TestDatabase target) {
        switch (target) {
            case POSTGRESQL:
                return List.of("""
                        CREATE TABLE app_users (
                            user_id      bigserial PRIMARY KEY,
                            email        varchar(255) NOT NULL,
                            display_name varchar(100),
                            status       varchar(16) NOT NULL DEFAULT 'active',
                            balance      numeric(12,2) NOT NULL DEFAULT 0,
                            login_count  integer NOT NULL DEFAULT 0,
                            is_admin     boolean NOT NULL DEFAULT false,
                            created_at   timestamptz NOT NULL DEFAULT now(),
                            updated_at   timestamptz,
                            CONSTRAINT app_users_email_key UNIQUE (email),
                            CONSTRAINT app_users_balance_check CHECK (balance >= 0)
                        )""",
                        "CREATE INDEX app_users_created_at_idx ON app_users (created_at DESC)",
                        """
                        CREATE TABLE app_orders (
                            order_id  bigserial PRIMARY KEY,
                            user_id   bigint NOT NULL REFERENCES app_users (user_id) ON DELETE CASCADE,
                            order_no  varchar(20) NOT NULL UNIQUE,
                            total     numeric(12,2) NOT NULL,
                            note      varchar(500),
                            placed_on date NOT NULL,
                            shipped   bool NOT NULL DEFAULT FALSE
                        )""",
                        "CREATE INDEX app_orders_user_id_idx ON app_orders USING btree (user_id)");
            case H2:
                return List.of("""
                        CREATE TABLE app_users (
                            user_id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                            email        VARCHAR(255) NOT NULL,
                            display_name VARCHAR(100),
                            status       VARCHAR(16) DEFAULT 'active' NOT NULL,
                            balance      NUMERIC(12,2) DEFAULT 0 NOT NULL,
                            login_count  INT DEFAULT 0 NOT NULL,
                            is_admin     BOOLEAN DEFAULT FALSE NOT NULL,
                            created_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
                            updated_at   TIMESTAMP WITH TIME ZONE,
                            CONSTRAINT app_users_email_key UNIQUE (email),
                            CONSTRAINT app_users_balance_check CHECK (balance >= 0)
                        )""",
                        "CREATE INDEX app_users_created_at_idx ON app_users (created_at DESC)",
                        """
                        CREATE TABLE app_orders (
                            order_id  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                            user_id   BIGINT NOT NULL,
                            order_no  VARCHAR(20) NOT NULL,
                            total     DECIMAL(12,2) NOT NULL,
                            note      VARCHAR(500),
                            placed_on DATE NOT NULL,
                            shipped   BOOLEAN DEFAULT FALSE NOT NULL,
                            CONSTRAINT app_orders_order_no_key UNIQUE (order_no),
                            CONSTRAINT app_orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_users (user_id)
                                ON DELETE CASCADE
                        )""",
                        "CREATE INDEX app_orders_user_id_idx ON app_orders (user_id)");
            default:
                return List.of("""
                        CREATE TABLE app_users (
                            user_id      BIGINT NOT NULL AUTO_INCREMENT,
                            email        VARCHAR(255) NOT NULL,
                            display_name VARCHAR(100) DEFAULT NULL,
                            status       VARCHAR(16) NOT NULL DEFAULT 'active',
                            balance      DECIMAL(12,2) NOT NULL DEFAULT 0.00,
                            login_count  INT NOT NULL DEFAULT 0,
                            is_admin     BOOLEAN NOT NULL DEFAULT FALSE,
                            created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                            updated_at   DATETIME(6) NULL,
                            PRIMARY KEY (user_id),
                            UNIQUE KEY app_users_email_key (email),
                            KEY app_users_created_at_idx (created_at DESC),
                            CONSTRAINT app_users_balance_check CHECK (balance >= 0)
                        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
                        """
                        CREATE TABLE app_orders (
                            order_id  BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                            user_id   BIGINT NOT NULL,
                            order_no  VARCHAR(20) NOT NULL,
                            total     DECIMAL(12,2) NOT NULL,
                            note      VARCHAR(500),
                            placed_on DATE NOT NULL,
                            shipped   TINYINT(1) NOT NULL DEFAULT 0,
                            UNIQUE KEY app_orders_order_no_key (order_no),
                            KEY app_orders_user_id_idx (user_id),
                            CONSTRAINT app_orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_users (user_id)
                                ON DELETE CASCADE
                        ) ENGINE=InnoDB""");
        }
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING})
    void aHandWrittenSchemaValidatesCleanAndAutoMigrateLeavesItAlone(Db db, TestDatabase target) {
        for (String statement : handWritten(target)) {
            db.exec(statement).block(TIMEOUT);
        }

        assertThat(db.migrator().validate(AppUser.class, AppOrder.class).collectList().block(TIMEOUT))
                .as("no false difference").isEmpty();
        Plan plan = db.migrator().plan(AppUser.class, AppOrder.class).block(TIMEOUT);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.unresolved()).isEmpty();
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        capturing(db, target, logged).migrator().autoMigrate(AppUser.class, AppOrder.class).block(TIMEOUT);
        assertThat(ddl(logged)).isEmpty();

        AppUser ann = new AppUser();
        ann.email = "ann@example.org";
        ann.balance = new BigDecimal("12.50");
        db.create(ann).block(TIMEOUT);
        assertThat(ann.id).isNotNull();
        AppOrder order = new AppOrder();
        order.userId = ann.id;
        order.orderNo = "A-1";
        order.total = new BigDecimal("99.90");
        order.placedOn = LocalDate.of(2026, 12, 5);
        db.create(order).block(TIMEOUT);

        AppUser read = db.model(AppUser.class).preload("orders").first().block(TIMEOUT);
        assertThat(read.status).as("the database's default").isEqualTo("active");
        assertThat(read.createdAt).isNotNull();
        assertThat(read.orders).singleElement().satisfies(o -> {
            assertThat(o.orderNo).isEqualTo("A-1");
            assertThat(o.total).isEqualByComparingTo("99.90");
            assertThat(o.placedOn).isEqualTo(LocalDate.of(2026, 12, 5));
        });
        AppUser broke = new AppUser();
        broke.email = "bob@example.org";
        broke.balance = new BigDecimal("-1");
        StepVerifier.create(db.create(broke)).expectError(CheckViolationException.class).verify(TIMEOUT);
        db.delete(read).block(TIMEOUT);
        assertThat(db.model(AppOrder.class).count().block(TIMEOUT)).as("ON DELETE CASCADE, written by hand").isZero();
    }

    @DatabaseTest(TestDatabase.POSTGRESQL)
    void postgresIndexFormsAreCreatedOnceAndComparedByDefinition(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        Db counted = capturing(db, target, logged);
        counted.migrator().autoMigrate(PgArticle.class).block(TIMEOUT);
        assertThat(ddl(logged)).anyMatch(s -> s.contains("CONCURRENTLY"));

        List<IndexDef> indexes = db.migrator().indexes(PgArticle.class).collectList().block(TIMEOUT);
        IndexDef search = find(indexes, "idx_pg_articles_search");
        assertThat(search.type()).isEqualToIgnoringCase("gin");
        assertThat(IndexDef.normalizeSql(search.parts().get(0).expression())).contains("to_tsvector");
        assertThat(find(indexes, "idx_pg_articles_meta").type()).isEqualToIgnoringCase("gin");
        assertThat(IndexDef.normalizeSql(find(indexes, "idx_pg_articles_live").where()))
                .isEqualTo("deleted_atisnull");
        assertThat(find(indexes, "idx_pg_articles_lower_title").parts().get(0).expression()).contains("lower");
        assertThat(find(indexes, "idx_pg_articles_recent").parts().get(0).descending()).isTrue();

        logged.clear();
        counted.migrator().autoMigrate(PgArticle.class).block(TIMEOUT);
        assertThat(ddl(logged)).isEmpty();
        assertThat(db.migrator().validate(PgArticle.class).collectList().block(TIMEOUT)).isEmpty();

        db.exec("DROP INDEX idx_pg_articles_live").block(TIMEOUT);
        db.exec("CREATE INDEX idx_pg_articles_live ON pg_articles (deleted_at) WHERE deleted_at IS NOT NULL")
                .block(TIMEOUT);
        assertThat(db.migrator().validate(PgArticle.class).collectList().block(TIMEOUT))
                .extracting(Difference::kind, Difference::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Difference.Kind.CHANGED_INDEX,
                        "idx_pg_articles_live"));
    }

    @DatabaseTest({TestDatabase.MARIADB, TestDatabase.MARIADB_WITHOUT_RETURNING})
    void fulltextAndPrefixIndexesAreCreatedOnceAndComparedByDefinition(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        Db counted = capturing(db, target, logged);
        counted.migrator().autoMigrate(MyNote.class).block(TIMEOUT);

        TableInfo t = db.migrator().tableInfo(MyNote.class).block(TIMEOUT);
        assertThat(find(t.indexes(), "idx_my_notes_title").parts().get(0).length()).isEqualTo(10);
        assertThat(find(t.indexes(), "idx_my_notes_body").kind()).isEqualToIgnoringCase("fulltext");
        IndexDef pair = find(t.indexes(), "idx_my_notes_pair");
        assertThat(pair.columns()).containsExactly("folder", "position");
        assertThat(pair.parts().get(0).length()).isEqualTo(8);
        assertThat(pair.parts().get(1).length()).isZero();

        logged.clear();
        counted.migrator().autoMigrate(MyNote.class).block(TIMEOUT);
        assertThat(ddl(logged)).isEmpty();

        db.exec("DROP INDEX idx_my_notes_title ON my_notes").block(TIMEOUT);
        db.exec("CREATE INDEX idx_my_notes_title ON my_notes (title(20))").block(TIMEOUT);
        assertThat(db.migrator().validate(MyNote.class).collectList().block(TIMEOUT))
                .extracting(Difference::kind).containsExactly(Difference.Kind.CHANGED_INDEX);
        db.migrator().replaceChanged(true).autoMigrate(MyNote.class).block(TIMEOUT);
        assertThat(find(db.migrator().indexes(MyNote.class).collectList().block(TIMEOUT), "idx_my_notes_title")
                .parts().get(0).length()).isEqualTo(10);
    }

    private static IndexDef find(List<IndexDef> indexes, String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + indexes));
    }
}
