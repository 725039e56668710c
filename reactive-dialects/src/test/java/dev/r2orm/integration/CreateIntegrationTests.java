package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Session;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.annotation.AutoCreateTime;
import dev.r2orm.annotation.AutoUpdateTime;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Permission;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.test.StepVerifier;

class CreateIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Article {
        Long id;
        @Column(size = 80, notNull = true)
        String title;
        @Column(size = 20, defaultValue = "'draft'")
        String status;
        @Column(defaultValue = "7")
        Integer score;
        @Permission(create = false, update = false)
        @Column(size = 20, defaultValue = "'server'")
        String origin;
        @Permission(update = false)
        @Column(size = 20)
        String code;
        @Permission(read = false)
        @Column(size = 20)
        String secret;
        @Permission(create = false)
        @Column(size = 20)
        String reviewer;
        @AutoCreateTime(unit = TimeUnit.MILLISECONDS)
        long createdMillis;
        @AutoUpdateTime(unit = TimeUnit.NANOSECONDS)
        Long updatedNanos;
        @AutoUpdateTime
        long updatedSeconds;
        Instant createdAt;

        Article() {
        }

        Article(String title) {
            this.title = title;
        }
    }

    static class Counter {
        @dev.r2orm.annotation.PrimaryKey
        @Column(size = 20)
        String name;
        int hits;
        @Column(size = 20)
        String note;

        Counter() {
        }

        Counter(String name, int hits, String note) {
            this.name = name;
            this.hits = hits;
            this.note = note;
        }
    }

    private static void migrate(Db db) {
        db.migrator().autoMigrate(Article.class, Counter.class).block(TIMEOUT);
    }

    private static Article read(Db db, long id) {
        return db.model(Article.class).first(id).block(TIMEOUT);
    }

    @DatabaseTest
    void databaseDefaultsApplyToUnsetFieldsAndGivenValuesWin(Db db) {
        migrate(db);
        Article a = new Article("a");
        Article b = new Article("b");
        b.status = "published";
        b.score = 0;
        db.createAll(List.of(a, b)).blockLast(TIMEOUT);
        Article ra = read(db, a.id);
        Article rb = read(db, b.id);
        assertThat(ra.status).isEqualTo("draft");
        assertThat(ra.score).isEqualTo(7);
        assertThat(rb.status).isEqualTo("published");
        assertThat(rb.score).isZero();
    }

    @DatabaseTest
    void permissionsDecideWhatIsWrittenAndRead(Db db) {
        migrate(db);
        Article a = new Article("p");
        a.origin = "client";
        a.code = "C1";
        a.secret = "s3cret";
        a.reviewer = "not on create";
        db.create(a).block(TIMEOUT);
        Article read = read(db, a.id);
        assertThat(read.reviewer).isNull();
        assertThat(read.origin).isEqualTo("server");
        assertThat(read.code).isEqualTo("C1");
        assertThat(read.secret).isNull();
        StepVerifier.create(db.model(Article.class).where("secret = ?", "s3cret").count()).expectNext(1L)
                .verifyComplete();

        a.code = "C2";
        a.title = "p2";
        db.model(read).updates(a).block(TIMEOUT);
        read = read(db, a.id);
        assertThat(read.title).isEqualTo("p2");
        assertThat(read.code).isEqualTo("C1");
        StepVerifier.create(db.model(read).update("code", "C3")).expectError(IllegalArgumentException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(read).update("reviewer", "ann")).expectNext(1L).verifyComplete();
        assertThat(read(db, a.id).reviewer).isEqualTo("ann");
    }

    @DatabaseTest
    void autoTimeFieldsInSecondsMillisAndNanos(Db db) throws InterruptedException {
        migrate(db);
        long before = System.currentTimeMillis();
        Article a = db.create(new Article("t")).block(TIMEOUT);
        long after = System.currentTimeMillis();
        Article read = read(db, a.id);
        assertThat(read.createdMillis).isBetween(before, after);
        assertThat(read.updatedSeconds).isBetween(before / 1000, after / 1000 + 1);
        assertThat(read.updatedNanos / 1_000_000).isBetween(before, after);
        assertThat(read.createdAt).isNotNull();

        long nanosBefore = read.updatedNanos;
        Thread.sleep(5);
        db.model(read).update("title", "t2").block(TIMEOUT);
        assertThat(read.updatedNanos).as("written back into the entity").isGreaterThan(nanosBefore);
        Article updated = read(db, a.id);
        assertThat(updated.updatedNanos).isEqualTo(read.updatedNanos);
        assertThat(updated.createdMillis).isEqualTo(read.createdMillis);
    }

    @DatabaseTest
    void createFromAMapBackfillsTheKeyAndTakesExpressions(Db db) {
        migrate(db);
        StepVerifier.create(db.model(Article.class).create(Map.of("title", "from map", "status",
                        Expr.of("UPPER(?)", "live"))))
                .assertNext(m -> {
                    assertThat(m.get("id")).isInstanceOf(Long.class);
                    assertThat(m.get("title")).isEqualTo("from map");
                })
                .verifyComplete();
        StepVerifier.create(db.model(Article.class).where("title = ?", "from map").first())
                .assertNext(a -> {
                    assertThat(a.status).isEqualTo("LIVE");
                    assertThat(a.score).isEqualTo(7);
                })
                .verifyComplete();
        StepVerifier.create(db.model(Article.class).create(Map.of("nope", 1)))
                .expectError(IllegalArgumentException.class).verify(TIMEOUT);
    }

    @DatabaseTest
    void selectAndOmitLimitTheColumnsOfACreate(Db db) {
        migrate(db);
        Article a = new Article("sel");
        a.status = "published";
        a.code = "X";
        db.model(Article.class).select("title", "code").create(a).block(TIMEOUT);
        Article read = read(db, a.id);
        assertThat(read.status).isEqualTo("draft");
        assertThat(read.code).isEqualTo("X");

        Article b = new Article("omit");
        b.status = "published";
        b.code = "Y";
        db.model(Article.class).omit("code").create(b).block(TIMEOUT);
        read = read(db, b.id);
        assertThat(read.status).isEqualTo("published");
        assertThat(read.code).isNull();
    }

    @DatabaseTest
    void createBatchSizeSplitsTheInserts(Db db, TestDatabase target) {
        List<String> statements = new CopyOnWriteArrayList<>();
        Db logged = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .session(Session.builder().createBatchSize(2).build())
                .logger((sql, e, rows, err, ctx) -> statements.add(sql.sql()))).build());
        migrate(logged);
        statements.clear();
        List<Article> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new Article("b" + i));
        }
        StepVerifier.create(logged.createAll(five).map(x -> x.id).distinct().count()).expectNext(5L)
                .verifyComplete();
        assertThat(statements.stream().filter(s -> s.startsWith("INSERT")).count()).isEqualTo(3);
        StepVerifier.create(db.model(Article.class).count()).expectNext(5L).verifyComplete();
    }

    @DatabaseTest
    void upsertDoNothingUpdateColumnsAssignAndUpdateAll(Db db) {
        migrate(db);
        db.createAll(List.of(new Counter("a", 1, "old"), new Counter("b", 1, "old"))).blockLast(TIMEOUT);
        var counters = db.model(Counter.class);

        counters.onConflict(OnConflict.doNothing().on("name"))
                .createAll(List.of(new Counter("a", 100, "new"), new Counter("c", 1, "new"))).blockLast(TIMEOUT);
        assertThat(snapshot(db)).isEqualTo(Map.of("a", "1/old", "b", "1/old", "c", "1/new"));

        counters.onConflict(OnConflict.updateColumns("hits").on("name"))
                .createAll(List.of(new Counter("a", 5, "ignored"), new Counter("d", 1, "new"))).blockLast(TIMEOUT);
        assertThat(snapshot(db)).containsEntry("a", "5/old").containsEntry("d", "1/new");

        counters.onConflict(OnConflict.updateAll().on("name")).create(new Counter("b", 9, "all")).block(TIMEOUT);
        assertThat(snapshot(db)).containsEntry("b", "9/all");

        Map<String, Object> assignments = new HashMap<>();
        assignments.put("note", "assigned");
        counters.onConflict(OnConflict.assign(assignments).on("name")).create(new Counter("c", 0, "x"))
                .block(TIMEOUT);
        assertThat(snapshot(db)).containsEntry("c", "1/assigned").hasSize(4);
    }

    private static Map<String, String> snapshot(Db db) {
        Map<String, String> out = new HashMap<>();
        db.model(Counter.class).find().doOnNext(c -> out.put(c.name, c.hits + "/" + c.note)).blockLast(TIMEOUT);
        return out;
    }

    @DatabaseTest
    void lockingClausesRenderPerDialect(Db db, TestDatabase target) {
        migrate(db);
        db.create(new Counter("x", 1, "n")).block(TIMEOUT);
        StepVerifier.create(db.model(Counter.class).forUpdate().find().map(c -> c.name)).expectNext("x")
                .verifyComplete();
        StepVerifier.create(db.model(Counter.class).lock(dev.r2orm.clause.Locking.forUpdate().skipLocked()).find()
                        .count())
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Counter.class).forUpdate().count()).expectNext(1L).verifyComplete();
        if (target == TestDatabase.H2) {
            StepVerifier.create(db.model(Counter.class).forShare().find())
                    .expectError(UnsupportedByDialectException.class).verify(TIMEOUT);
        } else {
            StepVerifier.create(db.model(Counter.class).forShare().find().map(c -> c.hits)).expectNext(1)
                    .verifyComplete();
        }
    }
}
