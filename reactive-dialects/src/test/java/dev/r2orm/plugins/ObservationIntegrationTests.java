package dev.r2orm.plugins;

import static dev.r2orm.plugins.Library.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.plugins.Library.Author;
import dev.r2orm.plugins.Library.Book;
import dev.r2orm.plugins.observation.DbObservationContext;
import dev.r2orm.plugins.observation.ObservationPlugin;
import dev.r2orm.plugins.observation.PoolMeters;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * One Micrometer observation per operation, named by the OpenTelemetry database client conventions, checked with
 * Micrometer's test registry (which also fails on a lifecycle misuse: a stop without start, an error after stop).
 */
class ObservationIntegrationTests {

    private static final Set<String> LOW_KEYS = Set.of("db.system.name", "db.operation.name", "db.collection.name",
            "error.type", "outcome");

    private static TestObservationRegistry observed(Db db, TestDatabase target) {
        Library.create(db, target);
        Library.fill(db);
        TestObservationRegistry registry = TestObservationRegistry.create();
        db.use(ObservationPlugin.of(registry));
        return registry;
    }

    @DatabaseTest
    void aFindWithPreloadIsOneObservationWithAChildPerPreloadLevel(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);

        StepVerifier.create(db.model(Author.class).where("name <> ?", "secret-value").preload("books")
                        .order("id").find())
                .assertNext(a -> assertThat(a.books).hasSize(2))
                .assertNext(a -> assertThat(a.books).hasSize(1))
                .verifyComplete();

        TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("db.client.operation").that()
                .hasContextualNameEqualTo("find authors")
                .hasLowCardinalityKeyValue("db.system.name", system(target))
                .hasLowCardinalityKeyValue("db.operation.name", "find")
                .hasLowCardinalityKeyValue("db.collection.name", "authors")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasHighCardinalityKeyValue("db.response.returned_rows", "2")
                .hasBeenStarted().hasBeenStopped();
        List<DbObservationContext> all = contexts(registry);
        DbObservationContext find = only(all, "find", "authors");
        assertThat(high(find, "db.query.text")).contains("SELECT").contains("authors").doesNotContain("secret-value");
        DbObservationContext preload = only(all, "preload", "books");
        assertThat(parent(preload)).as("the preload level is the find's child").isSameAs(find);
        for (DbObservationContext c : all) {
            Set<String> keys = c.getLowCardinalityKeyValues().stream().map(KeyValue::getKey).collect(Collectors.toSet());
            assertThat(keys).as("low-cardinality keys of %s: no thread, nothing that grows", c.getContextualName())
                    .isEqualTo(LOW_KEYS);
        }
    }

    @DatabaseTest
    void associationWritesAndTransactionStatementsAreChildren(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);

        StepVerifier.create(db.transaction(tx -> tx.create(new Author("Borges", new Book("Ficciones"),
                        new Book("El Aleph"))).then(tx.model(Book.class).count())))
                .expectNext(5L)
                .verifyComplete();

        List<DbObservationContext> all = contexts(registry);
        DbObservationContext transaction = all.stream()
                .filter(c -> c.invocation().operation().equals("transaction")).findFirst().orElseThrow();
        DbObservationContext author = only(all, "create", "authors");
        DbObservationContext books = only(all, "create", "books");
        DbObservationContext count = only(all, "count", "books");
        assertThat(parent(author)).isSameAs(transaction);
        assertThat(parent(count)).isSameAs(transaction);
        assertThat(parent(books)).as("the has-many write is the create's child").isSameAs(author);
        assertThat(high(books, "db.operation.batch.size")).isEqualTo("2");
        assertThat(high(books, "r2orm.rows_affected")).isEqualTo("2");
        assertThat(high(books, "db.query.text")).startsWith("INSERT INTO").doesNotContain("Ficciones");
        assertThat(low(transaction, "db.collection.name")).isEqualTo("none");
        assertThat(transaction.getContextualName()).isEqualTo("transaction");
    }

    @DatabaseTest
    void aFailedOperationCarriesItsErrorType(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);

        StepVerifier.create(db.create(new Author("Lem")))
                .expectError(DuplicatedKeyException.class)
                .verify(TIMEOUT);

        DbObservationContext create = only(contexts(registry), "create", "authors");
        assertThat(low(create, "outcome")).isEqualTo("ERROR");
        assertThat(low(create, "error.type")).isEqualTo(DuplicatedKeyException.class.getName());
        assertThat(create.getError()).isInstanceOf(DuplicatedKeyException.class);
        assertThat(create.outcome()).isEqualTo(DbObservationContext.Outcome.ERROR);
    }

    @DatabaseTest
    void aCancelledStreamStopsItsObservationAsCancelled(Db db, TestDatabase target) {
        Library.create(db, target);
        List<Author> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new Author("author " + i));
        }
        db.createAll(many).then().block(TIMEOUT);
        TestObservationRegistry registry = TestObservationRegistry.create();
        db.use(ObservationPlugin.of(registry));

        StepVerifier.create(db.model(Author.class).order("id").find().take(3))
                .expectNextCount(3)
                .verifyComplete();

        DbObservationContext find = only(contexts(registry), "find", "authors");
        assertThat(low(find, "outcome")).isEqualTo("CANCELLED");
        assertThat(low(find, "error.type")).isEqualTo("none");
        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("db.client.operation")
                .that().hasBeenStopped();
        Pools.awaitIdle(db, Duration.ofSeconds(10));
    }

    @DatabaseTest
    void theCallersObservationIsTheParent(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);
        Observation request = Observation.start("http.server.requests", registry);

        StepVerifier.create(db.raw("SELECT name FROM authors WHERE id = ?", 1L).scan(String.class)
                        .contextWrite(ctx -> ctx.put("micrometer.observation", request)))
                .expectNext("Le Guin")
                .verifyComplete();
        request.stop();

        DbObservationContext raw = contexts(registry).stream().findFirst().orElseThrow();
        assertThat(raw.invocation().operation()).isEqualTo("raw");
        assertThat(raw.getContextualName()).isEqualTo("raw");
        assertThat(raw.getParentObservation()).isSameAs(request);
        assertThat(high(raw, "db.query.text")).contains("SELECT name FROM authors WHERE id =");
    }

    @DatabaseTest
    void theDurationHistogramAndThePoolGauges(Db db, TestDatabase target) {
        Library.create(db, target);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        db.use(ObservationPlugin.builder(TestObservationRegistry.create()).durationHistogram(meters).build());
        PoolMeters.of(db, "library").bindTo(meters);
        Library.fill(db);

        StepVerifier.create(db.model(Author.class).count()).expectNext(2L).verifyComplete();

        Timer counts = meters.find("db.client.operation.duration").tag("db.operation.name", "count")
                .tag("db.collection.name", "authors").tag("outcome", "SUCCESS")
                .tag("db.system.name", system(target)).timer();
        assertThat(counts).isNotNull();
        assertThat(counts.count()).isEqualTo(1);
        assertThat(meters.find("db.client.operation.duration").tag("db.operation.name", "create").timers())
                .as("the two authors' create and their books' create").isNotEmpty();

        Pools.awaitIdle(db, Duration.ofSeconds(10));
        assertThat(meters.get("r2dbc.pool.max.allocated").tag("name", "library").gauge().value())
                .isEqualTo(db.poolStatus().orElseThrow().maxSize());
        AtomicReference<Double> acquiredInside = new AtomicReference<>();
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).count().doOnNext(n ->
                        acquiredInside.set(meters.get("r2dbc.pool.acquired").tag("name", "library").gauge().value()))))
                .expectNext(2L)
                .verifyComplete();
        assertThat(acquiredInside.get()).as("the transaction's connection is acquired").isEqualTo(1.0);
        Pools.awaitIdle(db, Duration.ofSeconds(10));
        assertThat(meters.get("r2dbc.pool.acquired").tag("name", "library").gauge().value()).isZero();
        assertThat(meters.get("r2dbc.pool.idle").tag("name", "library").gauge().value()).isPositive();
    }

    @DatabaseTest(TestDatabase.H2)
    void aNoopRegistryLeavesOperationsAsTheyAre(Db db, TestDatabase target) {
        Library.create(db, target);
        db.use(ObservationPlugin.of(io.micrometer.observation.ObservationRegistry.NOOP));
        Library.fill(db);
        StepVerifier.create(db.model(Book.class).count()).expectNext(3L).verifyComplete();
        StepVerifier.create(Mono.fromRunnable(() -> { }).then(db.model(Author.class).first()).map(a -> a.name))
                .expectNext("Le Guin").verifyComplete();
    }

    /** A review checks, in its BeforeCreate hook, that its author exists. */
    static class Review implements dev.r2orm.hook.BeforeCreate {
        Long id;
        Long authorId;
        String body;

        @Override
        public Mono<Void> beforeCreate(dev.r2orm.hook.HookContext hook) {
            return hook.db().model(Author.class).where("id = ?", authorId).count()
                    .flatMap(n -> n == 1 ? Mono.<Void>empty() : Mono.error(new IllegalStateException("no author")));
        }
    }

    @DatabaseTest
    void aHooksQueryIsAChildOfItsOperation(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);
        String id = target.isMySqlFamily() ? "bigint AUTO_INCREMENT" : "bigint GENERATED BY DEFAULT AS IDENTITY";
        db.exec("CREATE TABLE reviews (id " + id + " PRIMARY KEY, author_id bigint NOT NULL, body varchar(200))")
                .block(TIMEOUT);
        registry.clear();
        Review review = new Review();
        review.authorId = db.model(Author.class).pluck("id", Long.class).blockFirst(TIMEOUT);
        review.body = "sharp";
        registry.clear();

        StepVerifier.create(db.create(review)).expectNextCount(1).verifyComplete();

        List<DbObservationContext> all = contexts(registry);
        DbObservationContext create = only(all, "create", "reviews");
        DbObservationContext check = only(all, "count", "authors");
        assertThat(parent(check)).as("the hook's query is the create's child").isSameAs(create);
        assertThat(high(create, "r2orm.rows_affected")).isEqualTo("1");
    }

    @DatabaseTest
    void eachChunkOfABatchWriteIsAnObservation(Db db, TestDatabase target) {
        TestObservationRegistry registry = observed(db, target);
        registry.clear();

        StepVerifier.create(db.createInBatches(reactor.core.publisher.Flux.range(0, 5)
                        .map(i -> new Author("batch " + i)), 2))
                .expectNextCount(5).verifyComplete();

        List<DbObservationContext> creates = contexts(registry).stream()
                .filter(c -> c.invocation().operation().equals("create")).toList();
        assertThat(creates).extracting(c -> c.invocation().batchSize()).containsExactly(2, 2, 1);
        assertThat(creates).extracting(c -> high(c, "r2orm.rows_affected")).containsExactly("2", "2", "1");
        assertThat(creates.get(0).getHighCardinalityKeyValue("db.operation.batch.size").getValue()).isEqualTo("2");
        assertThat(creates.get(2).getHighCardinalityKeyValue("db.operation.batch.size")).as("one row is no batch")
                .isNull();
    }

    private static String system(TestDatabase target) {
        return switch (target) {
            case H2 -> "h2database";
            case POSTGRESQL -> "postgresql";
            case MYSQL -> "mysql";
            default -> "mariadb";
        };
    }

    private static List<DbObservationContext> contexts(TestObservationRegistry registry) {
        List<DbObservationContext> out = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(list -> {
            for (Observation.Context c : list) {
                if (c instanceof DbObservationContext d) {
                    out.add(d);
                }
            }
        });
        return out;
    }

    private static DbObservationContext only(List<DbObservationContext> all, String operation, String table) {
        List<DbObservationContext> found = all.stream().filter(c -> c.invocation().operation().equals(operation)
                && c.invocation().collection().orElse("").equals(table)).toList();
        assertThat(found).as("observations of %s %s among %s", operation, table,
                all.stream().map(Observation.Context::getContextualName).toList()).hasSize(1);
        return found.get(0);
    }

    private static Observation.@Nullable Context parent(DbObservationContext c) {
        return c.getParentObservation() == null ? null
                : (Observation.Context) c.getParentObservation().getContextView();
    }

    private static String low(Observation.Context c, String key) {
        KeyValue kv = c.getLowCardinalityKeyValue(key);
        assertThat(kv).as("low-cardinality key %s", key).isNotNull();
        return kv.getValue();
    }

    private static String high(Observation.Context c, String key) {
        KeyValue kv = c.getHighCardinalityKeyValue(key);
        assertThat(kv).as("high-cardinality key %s of %s", key, c.getContextualName()).isNotNull();
        return kv.getValue();
    }
}
