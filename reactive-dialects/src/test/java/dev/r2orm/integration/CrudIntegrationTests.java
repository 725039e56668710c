package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.RecordNotFoundException;
import dev.r2orm.Session;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CrudIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void migrate(Db db) {
        db.migrator().autoMigrate(User.class, Tag.class).block(TIMEOUT);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void createBackfillsKeyAndTimestampsAndReadsBackEveryColumn(Db db, TestDatabase target) {
        migrate(db);
        assertThat(db.dialect().keyStrategy()).isEqualTo(switch (target) {
            case POSTGRESQL, MARIADB -> KeyStrategy.RETURNING;
            case H2 -> KeyStrategy.GENERATED_VALUES;
            case MARIADB_WITHOUT_RETURNING, MYSQL -> KeyStrategy.LAST_INSERT_ID;
        });
        User u = new User("Alice", "alice@example.com", 30);
        u.active = true;
        u.role = User.Role.ADMIN;
        u.balance = new BigDecimal("12.50");
        u.birthday = LocalDate.of(1990, 5, 17);
        u.token = UUID.randomUUID();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        StepVerifier.create(db.create(u))
                .assertNext(created -> {
                    assertThat(created).isSameAs(u);
                    assertThat(created.id).isPositive();
                    assertThat(created.createdAt).isNotNull().isAfterOrEqualTo(before);
                    assertThat(created.updatedAt).isEqualTo(created.createdAt);
                })
                .verifyComplete();

        StepVerifier.create(db.model(User.class).where("id = ?", u.id).first())
                .assertNext(read -> {
                    assertThat(read.id).isEqualTo(u.id);
                    assertThat(read.name).isEqualTo("Alice");
                    assertThat(read.email).isEqualTo("alice@example.com");
                    assertThat(read.age).isEqualTo(30);
                    assertThat(read.active).isTrue();
                    assertThat(read.role).isEqualTo(User.Role.ADMIN);
                    assertThat(read.balance).isEqualByComparingTo("12.50");
                    assertThat(read.birthday).isEqualTo(LocalDate.of(1990, 5, 17));
                    assertThat(read.token).isEqualTo(u.token);
                    assertThat(read.createdAt).isEqualTo(u.createdAt);
                })
                .verifyComplete();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void createAllIsOneInsertWithKeysInOrder(Db db) {
        migrate(db);
        List<User> users = IntStream.range(0, 5)
                .mapToObj(i -> new User("u" + i, "u" + i + "@example.com", 20 + i))
                .collect(Collectors.toList());

        StepVerifier.create(db.createAll(users).collectList())
                .assertNext(created -> {
                    assertThat(created).containsExactlyElementsOf(users);
                    List<Long> ids = created.stream().map(x -> x.id).collect(Collectors.toList());
                    assertThat(ids).doesNotContainNull().isSorted().doesNotHaveDuplicates();
                })
                .verifyComplete();

        StepVerifier.create(db.model(User.class).order("id").find().map(x -> x.id + ":" + x.name).collectList())
                .assertNext(rows -> assertThat(rows).containsExactlyElementsOf(
                        users.stream().map(x -> x.id + ":" + x.name).collect(Collectors.toList())))
                .verifyComplete();
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void recordsComeBackAsNewInstancesWithTheirKeys(Db db) {
        migrate(db);
        StepVerifier.create(db.createAll(List.of(new Tag(null, "red"), new Tag(null, "blue"))).collectList())
                .assertNext(tags -> {
                    assertThat(tags).extracting(Tag::label).containsExactly("red", "blue");
                    assertThat(tags).extracting(Tag::id).doesNotContainNull();
                    assertThat(tags.get(1).id()).isGreaterThan(tags.get(0).id());
                })
                .verifyComplete();
        StepVerifier.create(db.model(Tag.class).where("label = ?", "blue").take())
                .assertNext(t -> assertThat(t.label()).isEqualTo("blue"))
                .verifyComplete();
    }

    @DatabaseTest
    void firstTakeLastFindAndCount(Db db) {
        migrate(db);
        db.createAll(List.of(new User("b", "b@x", 2), new User("a", "a@x", 1), new User("c", "c@x", 3)))
                .blockLast(TIMEOUT);
        var users = db.model(User.class);

        StepVerifier.create(users.first().map(u -> u.name)).expectNext("b").verifyComplete();
        StepVerifier.create(users.last().map(u -> u.name)).expectNext("c").verifyComplete();
        StepVerifier.create(users.order("name desc").first().map(u -> u.name)).expectNext("c").verifyComplete();
        StepVerifier.create(users.where("age > ?", 1).order("age").find().map(u -> u.name))
                .expectNext("b", "c").verifyComplete();
        StepVerifier.create(users.order("age").limit(2).offset(1).find().map(u -> u.name))
                .expectNext("b", "c").verifyComplete();
        StepVerifier.create(users.where("name IN ?", List.of("a", "c")).count()).expectNext(2L).verifyComplete();
        StepVerifier.create(users.count()).expectNext(3L).verifyComplete();
        StepVerifier.create(users.where("age > ?", 1).take().map(u -> u.age > 1)).expectNext(true).verifyComplete();
    }

    @DatabaseTest
    void noRowsMeansRecordNotFoundForFirstTakeLastAndEmptyForFind(Db db) {
        migrate(db);
        var none = db.model(User.class).where("name = ?", "nobody");
        StepVerifier.create(none.first()).expectError(RecordNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(none.take()).expectError(RecordNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(none.last()).expectError(RecordNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(none.find()).verifyComplete();
        StepVerifier.create(none.count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void duplicateKeyIsTypedAndWritesNothing(Db db) {
        migrate(db);
        db.create(new User("a", "same@x", 1)).block(TIMEOUT);
        StepVerifier.create(db.create(new User("b", "same@x", 2)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DuplicatedKeyException.class)
                        .hasMessageContaining("INSERT INTO")
                        .hasMessageNotContaining("same@x"))
                .verify(TIMEOUT);
        StepVerifier.create(db.createAll(List.of(new User("c", "fresh@x", 3), new User("d", "same@x", 4))))
                .expectError(DuplicatedKeyException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(User.class).count()).expectNext(1L).verifyComplete();
    }

    @DatabaseTest
    void operationsAreLazyAndRunAgainOnEachSubscription(Db db) {
        migrate(db);
        var create = db.create(new User("lazy", null, 1));
        StepVerifier.create(db.model(User.class).count()).expectNext(0L).verifyComplete();
        var count = db.model(User.class).count();
        create.block(TIMEOUT);
        StepVerifier.create(count).expectNext(1L).verifyComplete();
        db.create(new User("lazy2", null, 1)).block(TIMEOUT);
        StepVerifier.create(count).expectNext(2L).verifyComplete();
    }

    @DatabaseTest
    void cancellingAStreamReleasesItsConnection(Db db) {
        migrate(db);
        List<User> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(new User("n" + i, null, i));
        }
        db.createAll(many).blockLast(TIMEOUT);
        var all = db.model(User.class).order("id");

        StepVerifier.create(all.find().take(5)).expectNextCount(5).verifyComplete();
        StepVerifier.create(all.find(), 3).expectNextCount(3).thenCancel().verify(TIMEOUT);
        StepVerifier.create(all.find().delayElements(Duration.ofMillis(300)).timeout(Duration.ofMillis(100)))
                .expectError(java.util.concurrent.TimeoutException.class)
                .verify(TIMEOUT);
        var disposable = all.find().delayElements(Duration.ofMillis(10)).subscribe();
        disposable.dispose();
        // each pooled connection still answers a query after the cancellations
        StepVerifier.create(Flux.range(0, 8).flatMap(i -> all.count(), 4).distinct())
                .expectNext(500L).verifyComplete();
    }

    @DatabaseTest
    void dryRunTouchesNothing(Db db) {
        migrate(db);
        Db dry = db.session(Session.builder().dryRun(true).build());
        User u = new User("ghost", "ghost@x", 1);
        StepVerifier.create(dry.create(u)).assertNext(x -> assertThat(x.id).isNull()).verifyComplete();
        StepVerifier.create(dry.model(User.class).find()).verifyComplete();
        StepVerifier.create(db.model(User.class).count()).expectNext(0L).verifyComplete();
    }
}
