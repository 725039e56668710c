package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.clause.Sql;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.test.StepVerifier;

class PipelineIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @DatabaseTest
    void aStepRegisteredBeforeCreateSeesAndChangesTheEntities(Db db) {
        db.migrator().autoMigrate(User.class).block(TIMEOUT);
        db.callbacks().create().before("r2orm:create").register("test:shout",
                (op, entities) -> entities.doOnNext(e -> ((User) e).name = ((User) e).name.toUpperCase()));
        AtomicInteger seen = new AtomicInteger();
        db.callbacks().query().after("r2orm:query").register("test:count", (op, rows) -> rows.doOnNext(r -> seen.incrementAndGet()));
        assertThat(db.callbacks().create().names())
                .containsExactly("r2orm:begin_transaction", "r2orm:before_create", "r2orm:save_before_associations",
                        "test:shout", "r2orm:create", "r2orm:save_after_associations", "r2orm:after_create",
                        "r2orm:commit_or_rollback");

        db.createAll(List.of(new User("ann", null, 1), new User("bob", null, 2))).blockLast(TIMEOUT);

        StepVerifier.create(db.model(User.class).order("id").find().map(u -> u.name))
                .expectNext("ANN", "BOB").verifyComplete();
        assertThat(seen).hasValue(2);
    }

    @DatabaseTest
    void aReplacedStepRunsInsteadOfTheBuiltIn(Db db) {
        db.migrator().autoMigrate(User.class).block(TIMEOUT);
        db.callbacks().query().replace("r2orm:query", (op, rows) -> rows.concatWith(reactor.core.publisher.Flux.empty()));
        StepVerifier.create(db.model(User.class).find()).verifyComplete();
        StepVerifier.create(db.model(User.class).first()).expectError(dev.r2orm.RecordNotFoundException.class)
                .verify(TIMEOUT);
    }

    /**
     * 7,000 rows of 10 columns exceed one statement's 65,535 bind values: two INSERTs in one transaction. The second
     * holds a duplicate, so the first must be rolled back too (its entities were already emitted: the error that
     * follows them says they were not kept).
     */
    @DatabaseTest
    void aCreateSplitAtTheBindLimitIsAllOrNothing(Db db) {
        db.migrator().autoMigrate(User.class).block(TIMEOUT);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 7_000; i++) {
            users.add(new User("u" + i, "u" + i + "@x", i));
        }
        users.get(6_999).email = "u0@x";
        StepVerifier.create(db.createAll(users))
                .thenConsumeWhile(u -> true)
                .expectError(DuplicatedKeyException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(User.class).count()).expectNext(0L).verifyComplete();

        users.get(6_999).email = "u6999@x";
        users.forEach(u -> {
            u.id = null;
            u.createdAt = null;
            u.updatedAt = null;
        });
        StepVerifier.create(db.createAll(users).map(u -> u.id).distinct().count()).expectNext(7_000L)
                .verifyComplete();
        StepVerifier.create(db.model(User.class).count()).expectNext(7_000L).verifyComplete();
    }

    @DatabaseTest
    void everyStatementIsLoggedOnceWithItsRowCount(Db db, TestDatabase target) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Db logged = Db.open(db.connectionFactory(), target.configure(dev.r2orm.Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> lines.add(rows + " " + sql.sql()))).build());
        logged.migrator().autoMigrate(User.class).block(TIMEOUT);
        lines.clear();
        logged.createAll(List.of(new User("a", null, 1), new User("b", null, 2))).blockLast(TIMEOUT);
        logged.model(User.class).where("age > ?", 0).find().blockLast(TIMEOUT);
        // the first create into a table after DDL reads which columns the database fills: one catalog query
        assertThat(lines).hasSize(target == TestDatabase.MARIADB_WITHOUT_RETURNING ? 4 : 3);
        assertThat(lines.get(0)).containsIgnoringCase("information_schema.columns");
        assertThat(lines.get(1)).startsWith("2 INSERT INTO");
        assertThat(lines.get(lines.size() - 1)).startsWith("2 SELECT * FROM");
    }

    @DatabaseTest
    void toSqlRendersWithTheDialectsMarkersWithoutAConnection(Db db, TestDatabase target) {
        Sql sql = db.model(User.class).where("age > ? AND name IN ?", 18, List.of("a", "b")).order("createdAt desc")
                .limit(5).toSql();
        String expected = target.isMySqlFamily()
                ? "SELECT * FROM `users` WHERE age > ? AND name IN (?,?) ORDER BY `created_at` DESC LIMIT 5"
                : "SELECT * FROM \"users\" WHERE age > $1 AND name IN ($2,$3) ORDER BY \"created_at\" DESC LIMIT 5";
        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).containsExactly(18, "a", "b");
        assertThat(db.poolStatus().orElseThrow().allocated()).isZero();
    }
}
