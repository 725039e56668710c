package dev.r2orm.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Comment;
import dev.r2orm.annotation.Index;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.annotation.Table;
import dev.r2orm.annotation.UniqueIndex;
import dev.r2orm.clause.Sql;
import dev.r2orm.migrator.SeedModels.BlogPost;
import dev.r2orm.migrator.SeedModels.Customer;
import dev.r2orm.migrator.SeedModels.OrderItem;
import dev.r2orm.migrator.SeedModels.Product;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.schema.JsonConverter;
import dev.r2orm.schema.TableInfo;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import reactor.test.StepVerifier;

/**
 * AutoMigrate against real catalogs: the seeds' models, every supported type, evolving hand-written tables, plans,
 * validation, and the rule that a second run issues no DDL at all.
 */
class AutoMigrateIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    enum Level { LOW, HIGH }

    /** An embedded value with its own column attributes and index. */
    record Address(@Column(size = 80) String street, @Index @Column(size = 20) String zip) {
    }

    /** Every supported Java type, defaults, a converter, comments, checks and index options. */
    @Comment("every type r2orm maps")
    static class Kitchen {
        Long id;
        String text;
        @Column(size = 40, notNull = true, defaultValue = "'none'") String label;
        @Index(sort = "desc") @Column(size = 30) String code;
        Integer boxedInt;
        int plainInt;
        @Column(defaultValue = "7") long plainLong;
        short small;
        Double ratio;
        float ratio32;
        boolean flag;
        @Column(defaultValue = "true") Boolean enabled;
        @Column(precision = 12, scale = 3) BigDecimal amount;
        @Check(name = "chk_kitchens_positive", value = "quantity >= 0") Integer quantity;
        Instant seenAt;
        OffsetDateTime zonedAt;
        LocalDateTime localAt;
        LocalDate day;
        LocalTime time;
        UUID ref;
        @Column(size = 64) byte[] digest;
        Level level;
        @Serializer(JsonConverter.class) Map<String, Object> settings;
        @Comment("shown to users") @Column(size = 80) String title;
        @UniqueIndex(name = "idx_kitchens_pair", priority = 2) @Column(size = 20) String pairB;
        @UniqueIndex(name = "idx_kitchens_pair", priority = 1) @Column(size = 20) String pairA;
        @Column(unique = true, size = 50) String slug;
        @Column(migrate = false) String computed;
        @dev.r2orm.annotation.Embedded(prefix = "addr_") Address address;
        @Index(type = "hash") @Column(size = 12) String token;
    }

    /** The evolving model: v1 of its table is written by hand. */
    @Table("accounts")
    static class Account {
        Long id;
        @Column(size = 200) String name;
        @Column(size = 100) String email;
        String nickname;
        @Column(defaultValue = "'active'", size = 20) String state;
        @Index Integer score;
    }

    /** One index name with two definitions. */
    static class Clash {
        Long id;
        @Index(name = "idx_clash") String a;
        @Index(name = "idx_clash", unique = true) String b;
    }

    /** A class-level index over a field that does not exist. */
    @Index(name = "idx_ghost", columns = "ghost")
    static class Ghost {
        Long id;
        String name;
    }

    /** A check without an expression. */
    static class EmptyCheck {
        Long id;
        @Check("") String name;
    }

    private static final List<Class<?>> SEEDS = List.of(Product.class, OrderItem.class, Customer.class,
            BlogPost.class);

    /** A second Db on the test's pool whose logger keeps every statement. */
    static Db capturing(Db db, TestDatabase target, List<Sql> logged) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql))).build());
    }

    /**
     * The statements that change the application's schema or data: not catalog reads, locks, session settings, nor
     * the one-time set-up of H2's lock table.
     */
    static List<String> ddl(List<Sql> logged) {
        List<String> out = new ArrayList<>();
        for (Sql s : logged) {
            String head = s.sql().stripLeading().toUpperCase(Locale.ROOT);
            if (!head.startsWith("SELECT") && !head.startsWith("SET ") && !head.startsWith("WITH")
                    && !s.sql().contains("\"r2orm\"")) {
                out.add(s.sql());
            }
        }
        return out;
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING})
    void theSeedModelsMigrateRoundTripAndASecondRunIssuesNoStatement(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        Db counted = capturing(db, target, logged);
        counted.migrator().autoMigrate(SEEDS.toArray(Class<?>[]::new)).block(TIMEOUT);
        assertThat(ddl(logged)).anyMatch(s -> s.contains("CREATE TABLE IF NOT EXISTS"));

        Product p = new Product();
        p.name = "Widget";
        p.price = new BigDecimal("9.99");
        p.stock = 3;
        p.categoryId = 7L;
        Customer c = new Customer();
        c.name = "Ann";
        c.email = "ann@example.org";
        c.zipCode = "75001";
        BlogPost post = new BlogPost();
        post.title = "Hello";
        post.content = "x".repeat(70_000);
        post.status = "draft";
        post.authorId = 1L;
        OrderItem item = new OrderItem();
        item.orderId = 1L;
        item.productId = 2L;
        item.quantity = 4;
        item.price = new BigDecimal("2.50");
        db.create(p).then(db.create(c)).then(db.create(post)).then(db.create(item)).block(TIMEOUT);

        assertThat(db.model(Product.class).first().block(TIMEOUT).price).isEqualByComparingTo("9.99");
        assertThat(db.model(Customer.class).first().block(TIMEOUT).zipCode).isEqualTo("75001");
        BlogPost read = db.model(BlogPost.class).first().block(TIMEOUT);
        assertThat(read.content).hasSize(70_000);
        assertThat(read.views).isZero();
        assertThat(db.model(OrderItem.class).first().block(TIMEOUT).quantity).isEqualTo(4);
        BlogPost bad = new BlogPost();
        bad.title = "t";
        bad.status = "lost";
        bad.authorId = 1L;
        StepVerifier.create(db.create(bad)).expectError(dev.r2orm.CheckViolationException.class).verify(TIMEOUT);
        Customer twin = new Customer();
        twin.name = "Bob";
        twin.email = "ann@example.org";
        StepVerifier.create(db.create(twin)).expectError(dev.r2orm.DuplicatedKeyException.class).verify(TIMEOUT);

        List<String> indexes = db.migrator().indexes(BlogPost.class).map(IndexDef::name).collectList().block(TIMEOUT);
        assertThat(indexes).contains("idx_blog_posts_title", "idx_created_updated");
        IndexDef composite = db.migrator().indexes(BlogPost.class).filter(i -> i.name().equals("idx_created_updated"))
                .blockFirst(TIMEOUT);
        assertThat(composite.columns()).containsExactly("created_at", "updated_at");
        assertThat(db.migrator().indexes(Customer.class).map(IndexDef::name).collectList().block(TIMEOUT))
                .contains("idx_customers_email", "idx_customers_deleted_at");

        logged.clear();
        counted.migrator().autoMigrate(SEEDS.toArray(Class<?>[]::new)).block(TIMEOUT);
        assertThat(ddl(logged)).isEmpty();
        assertThat(db.migrator().validate(SEEDS.toArray(Class<?>[]::new)).collectList().block(TIMEOUT)).isEmpty();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING})
    void everyTypeDefaultConverterCommentAndIndexOptionIsIdempotent(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        Db counted = capturing(db, target, logged);
        counted.migrator().autoMigrate(Kitchen.class).block(TIMEOUT);

        TableInfo t = db.migrator().tableInfo(Kitchen.class).block(TIMEOUT);
        assertThat(t.comment()).isEqualTo("every type r2orm maps");
        assertThat(t.column("title").comment()).isEqualTo("shown to users");
        assertThat(t.column("computed")).isNull();
        assertThat(t.column("addr_zip").length()).isEqualTo(20);
        assertThat(t.indexes()).extracting(IndexDef::name).contains("idx_kitchens_addr_zip", "idx_kitchens_token");
        assertThat(t.column("label").nullable()).isFalse();
        assertThat(t.column("label").length()).isEqualTo(40);
        assertThat(t.column("amount").precision()).isEqualTo(12);
        assertThat(t.column("amount").scale()).isEqualTo(3);
        assertThat(t.column("slug").unique()).isTrue();
        IndexDef pair = t.indexes().stream().filter(i -> i.name().equals("idx_kitchens_pair")).findFirst().orElseThrow();
        assertThat(pair.unique()).isTrue();
        assertThat(pair.columns()).containsExactly("pair_a", "pair_b");
        IndexDef code = t.indexes().stream().filter(i -> i.name().equals("idx_kitchens_code")).findFirst().orElseThrow();
        assertThat(code.parts().get(0).descending()).isTrue();

        logged.clear();
        counted.migrator().autoMigrate(Kitchen.class).block(TIMEOUT);
        assertThat(ddl(logged)).isEmpty();
        assertThat(db.migrator().plan(Kitchen.class).block(TIMEOUT).isEmpty()).isTrue();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void aHandWrittenTableEvolvesByGormsRulesAndNeverLosesAColumn(Db db, TestDatabase target) {
        String id = target == TestDatabase.POSTGRESQL ? "bigserial"
                : target == TestDatabase.H2 ? "bigint generated by default as identity" : "bigint AUTO_INCREMENT";
        db.exec("CREATE TABLE accounts (id " + id + " PRIMARY KEY, name varchar(50) NOT NULL,"
                + " email varchar(100) NOT NULL, legacy varchar(10))").block(TIMEOUT);
        db.exec("INSERT INTO accounts (name, email, legacy) VALUES ('ann', 'a@x.org', 'keep')").block(TIMEOUT);

        Plan plan = db.migrator().plan(Account.class).block(TIMEOUT);
        assertThat(plan.changes()).extracting(c -> c.difference().kind()).contains(Difference.Kind.MISSING_COLUMN,
                Difference.Kind.COLUMN_TYPE, Difference.Kind.COLUMN_NOT_NULL, Difference.Kind.MISSING_INDEX);
        Change widen = plan.changes().stream().filter(c -> c.difference().kind() == Difference.Kind.COLUMN_TYPE)
                .findFirst().orElseThrow();
        assertThat(widen.difference().object()).isEqualTo("name");
        assertThat(widen.safety()).isEqualTo(Change.Safety.LOCKING);
        assertThat(plan.downSql()).containsIgnoringCase("DROP COLUMN");

        db.migrator().autoMigrate(Account.class).block(TIMEOUT);
        TableInfo t = db.migrator().tableInfo("accounts").block(TIMEOUT);
        assertThat(t.column("name").length()).isEqualTo(200);
        assertThat(t.column("email").nullable()).isTrue();
        assertThat(t.column("legacy")).as("never drops a column").isNotNull();
        assertThat(t.column("nickname")).isNotNull();
        assertThat(t.indexes()).extracting(IndexDef::name).contains("idx_accounts_score");
        assertThat(db.raw("SELECT legacy FROM accounts").findMaps().blockFirst(TIMEOUT)).containsValue("keep");
        assertThat(db.model(Account.class).first().block(TIMEOUT).state).as("the new column's default fills old rows")
                .isEqualTo("active");
        assertThat(db.migrator().plan(Account.class).block(TIMEOUT).isEmpty()).isTrue();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void validateReportsDriftAndAChangedIndexIsReplacedOnlyWhenAsked(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Account.class).block(TIMEOUT);
        String drop = target == TestDatabase.MARIADB ? "DROP INDEX idx_accounts_score ON accounts"
                : "DROP INDEX idx_accounts_score";
        db.exec(drop).block(TIMEOUT);
        db.exec("CREATE INDEX idx_accounts_score ON accounts (score, name)").block(TIMEOUT);

        List<Difference> drift = db.migrator().validate(Account.class).collectList().block(TIMEOUT);
        assertThat(drift).extracting(Difference::kind).containsExactly(Difference.Kind.CHANGED_INDEX);
        Plan plan = db.migrator().plan(Account.class).block(TIMEOUT);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.unresolved()).hasSize(1);

        db.migrator().replaceChanged(true).autoMigrate(Account.class).block(TIMEOUT);
        IndexDef score = db.migrator().indexes("accounts").filter(i -> i.name().equals("idx_accounts_score"))
                .blockFirst(TIMEOUT);
        assertThat(score.columns()).containsExactly("score");
        assertThat(db.migrator().validate(Account.class).collectList().block(TIMEOUT)).isEmpty();
    }

    @DatabaseTest
    void badModelsFailBeforeAnyStatementNamingTheFix(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        Db counted = capturing(db, target, logged);
        StepVerifier.create(counted.migrator().autoMigrate(Clash.class))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("idx_clash").hasMessageContaining(Clash.class.getName()))
                .verify(TIMEOUT);
        StepVerifier.create(counted.migrator().autoMigrate(Ghost.class))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("ghost").hasMessageContaining("field or column name"))
                .verify(TIMEOUT);
        StepVerifier.create(counted.migrator().plan(EmptyCheck.class))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("without an expression"))
                .verify(TIMEOUT);
        assertThat(logged).isEmpty();
        assertThatThrownBy(() -> db.migrator().lockTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @DatabaseTest
    void aPlanAppliesAndItsDownScriptUndoesIt(Db db) {
        Plan plan = db.migrator().plan(Account.class).block(TIMEOUT);
        assertThat(plan.changes()).allMatch(c -> c.safety() == Change.Safety.SAFE);
        assertThat(plan.upSql()).contains("CREATE TABLE IF NOT EXISTS").contains("CREATE INDEX");
        db.migrator().apply(plan).block(TIMEOUT);
        assertThat(db.migrator().hasTable("accounts").block(TIMEOUT)).isTrue();
        for (String statement : plan.downSql().split(";\n")) {
            if (!statement.isBlank() && !statement.startsWith("--")) {
                db.exec(statement).block(TIMEOUT);
            }
        }
        assertThat(db.migrator().hasTable("accounts").block(TIMEOUT)).isFalse();
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB})
    void eightInstancesMigratingTogetherEndWithoutErrorAndCreateEachObjectOnce(Db db, TestDatabase target) {
        List<Sql> logged = Collections.synchronizedList(new ArrayList<>());
        List<Db> instances = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            instances.add(capturing(db, target, logged));
        }
        reactor.core.publisher.Flux.fromIterable(instances)
                .flatMap(i -> i.migrator().autoMigrate(SEEDS.toArray(Class<?>[]::new))
                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()), 8)
                .then().block(TIMEOUT);
        List<String> creates = ddl(logged).stream().filter(s -> s.startsWith("CREATE")).toList();
        assertThat(creates).doesNotHaveDuplicates();
        assertThat(creates.stream().filter(s -> s.startsWith("CREATE TABLE")).count()).isEqualTo(SEEDS.size());
        assertThat(db.migrator().tables().collectList().block(TIMEOUT))
                .contains("products", "order_items", "customers", "blog_posts");
    }

    @DatabaseTest
    void aHeldLockMakesAMigratorFailWithinItsTimeoutAndChangeNothing(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        String lock = switch (target) {
            case POSTGRESQL -> "SELECT pg_try_advisory_lock(hashtext('r2orm.automigrate.' || current_schema()))";
            case H2 -> "SELECT \"name\" FROM \"r2orm\".\"migrator_lock\" WHERE \"name\" = CURRENT_SCHEMA FOR UPDATE";
            default -> "SELECT GET_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())), 0)";
        };
        String unlock = switch (target) {
            case POSTGRESQL -> "SELECT pg_advisory_unlock(hashtext('r2orm.automigrate.' || current_schema()))";
            case H2 -> "SELECT 1";
            default -> "SELECT RELEASE_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())))";
        };
        dev.r2orm.Tx holder = db.begin().block(TIMEOUT);
        holder.db().raw(lock).findMaps().blockLast(TIMEOUT);
        long started = System.nanoTime();
        StepVerifier.create(db.migrator().lockTimeout(Duration.ofMillis(300)).autoMigrate(Account.class))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MigrationLockException.class)
                        .satisfies(x -> assertThat(((MigrationLockException) x).isRetryable()).isTrue()))
                .verify(TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(db.migrator().hasTable(Account.class).block(TIMEOUT)).isFalse();
        holder.db().raw(unlock).findMaps().blockLast(TIMEOUT);
        holder.rollback().block(TIMEOUT);
        db.migrator().autoMigrate(Account.class).block(TIMEOUT);
        assertThat(db.migrator().hasTable(Account.class).block(TIMEOUT)).isTrue();
    }

    @DatabaseTest
    void cancellingAMigrationFreesItsConnectionAndItsLock(Db db) {
        StepVerifier.create(db.migrator().autoMigrate(SEEDS.toArray(Class<?>[]::new)), 0)
                .thenAwait(Duration.ofMillis(5))
                .thenCancel()
                .verify(TIMEOUT);
        db.migrator().lockTimeout(Duration.ofSeconds(10)).autoMigrate(SEEDS.toArray(Class<?>[]::new)).block(TIMEOUT);
        assertThat(db.migrator().validate(SEEDS.toArray(Class<?>[]::new)).collectList().block(TIMEOUT)).isEmpty();
    }

    @DatabaseTest
    void aCancelAtAnyMomentLeavesNoLockOnAPooledConnection(Db db) {
        for (int delay = 0; delay < 30; delay++) {
            StepVerifier.create(db.migrator().autoMigrate(SEEDS.toArray(Class<?>[]::new)), 0)
                    .thenAwait(Duration.ofNanos(delay * 400_000L))
                    .thenCancel()
                    .verify(TIMEOUT);
            // a lock left on a pooled connection would make this wait out the timeout; a cancelled DDL statement that
            // the server still finishes (it holds the lock until then) takes seconds on a loaded machine
            db.migrator().lockTimeout(Duration.ofSeconds(10)).autoMigrate(Account.class).block(TIMEOUT);
        }
    }

    @DatabaseTest
    void columnTypesDescribeWhatTheModelAsked(Db db) {
        db.migrator().autoMigrate(Product.class).block(TIMEOUT);
        List<ColumnType> columns = db.migrator().columnTypes(Product.class).collectList().block(TIMEOUT);
        assertThat(columns).extracting(ColumnType::name).containsExactly("id", "name", "description", "price",
                "stock", "category_id", "created_at", "updated_at", "deleted_at");
        ColumnType id = columns.get(0);
        assertThat(id.primaryKey()).isTrue();
        assertThat(id.autoIncrement()).isTrue();
        ColumnType stock = columns.get(4);
        assertThat(stock.nullable()).isFalse();
        assertThat(stock.defaultValue()).contains("0");
    }
}
