package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.BatchFailedException;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.annotation.Column;
import dev.r2orm.hook.BeforeCreate;
import dev.r2orm.hook.HookContext;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Db#createInBatches}: a stream of entities written chunk by chunk as multi-row INSERTs, with backpressure on
 * the source, keys back-filled, hooks and timestamps applied; chunks commit on their own outside a transaction and
 * all together inside one; a failing chunk is named.
 */
class CreateInBatchesIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A model with a unique code, a hook that stamps it and an auto create time. */
    static class Reading implements BeforeCreate {
        Long id;
        @Column(size = 20, unique = true)
        String code;
        int amount;
        @Column(size = 20)
        String stamp;
        Instant createdAt;

        Reading() {
        }

        Reading(String code, int value) {
            this.code = code;
            this.amount = value;
        }

        @Override
        public Mono<Void> beforeCreate(HookContext hook) {
            stamp = "hooked-" + amount;
            return Mono.empty();
        }
    }

    private static Flux<Reading> readings(int from, int count) {
        return Flux.range(from, count).map(i -> new Reading("r" + i, i));
    }

    @DatabaseTest
    void writesEveryChunkAsMultiRowInsertsAndBackFillsKeysHooksAndTimestamps(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, e, rows, err, ctx) -> statements.add(sql.sql()))).build());

        List<Reading> created = counted.createInBatches(readings(0, 2_500), 1_000).collectList().block(TIMEOUT);

        assertThat(created).hasSize(2_500);
        assertThat(created).extracting(r -> r.amount).isSorted();
        assertThat(created).allSatisfy(r -> {
            assertThat(r.id).isNotNull();
            assertThat(r.stamp).isEqualTo("hooked-" + r.amount);
            assertThat(r.createdAt).isNotNull();
        });
        assertThat(created.stream().map(r -> r.id).collect(Collectors.toSet())).hasSize(2_500);
        List<String> inserts = statements.stream().filter(s -> s.startsWith("INSERT")).toList();
        assertThat(inserts).as("one multi-row INSERT per chunk").hasSize(3);

        List<Reading> back = db.model(Reading.class).order("id").find().collectList().block(TIMEOUT);
        assertThat(back).extracting(r -> r.id).containsExactlyElementsOf(created.stream().map(r -> r.id).toList());
        assertThat(back).allSatisfy(r -> {
            assertThat(r.code).isEqualTo("r" + r.amount);
            assertThat(r.stamp).isEqualTo("hooked-" + r.amount);
            assertThat(r.createdAt).isNotNull();
        });
    }

    @DatabaseTest
    void requestsTheSourceInChunksAndHoldsAtMostTwo(Db db) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        List<Long> requests = new CopyOnWriteArrayList<>();
        AtomicLong produced = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        Flux<Reading> source = readings(0, 1_050)
                .doOnRequest(requests::add)
                .doOnNext(r -> {
                    long ahead = produced.incrementAndGet() - written.get();
                    mostAhead.accumulateAndGet(ahead, Math::max);
                });

        StepVerifier.create(db.createInBatches(source, 100).doOnNext(r -> written.incrementAndGet()), 0)
                .then(() -> assertThat(produced.get()).as("at most two chunks read before any demand")
                        .isLessThanOrEqualTo(200))
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(produced.get()).as("one chunk written, the next one requested")
                        .isLessThanOrEqualTo(200))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(1_049)
                .verifyComplete();

        assertThat(requests).as("the source is requested a chunk at a time").allMatch(n -> n == 100);
        assertThat(mostAhead.get()).as("entities read from the source but not yet emitted").isLessThanOrEqualTo(200);
        StepVerifier.create(db.model(Reading.class).count()).expectNext(1_050L).verifyComplete();
    }

    @DatabaseTest
    void outsideATransactionAFailingChunkIsNamedAndEarlierChunksStayCommitted(Db db) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        db.create(new Reading("r250", -1)).block(TIMEOUT);

        StepVerifier.create(db.createInBatches(readings(0, 400), 100))
                .expectNextCount(200)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(BatchFailedException.class).hasMessageContaining("chunk 2");
                    BatchFailedException b = (BatchFailedException) e;
                    assertThat(b.chunk()).isEqualTo(2);
                    assertThat(b.firstRow()).isEqualTo(200);
                    assertThat(b.rows()).isEqualTo(100);
                    assertThat(b.committedRows()).isEqualTo(200);
                    assertThat(b.getCause()).isInstanceOf(DuplicatedKeyException.class);
                })
                .verify(TIMEOUT);

        List<Integer> values = db.model(Reading.class).where("amount >= ?", 0).pluck("amount", Integer.class)
                .collectList().block(TIMEOUT);
        assertThat(values).hasSize(200).allMatch(v -> v < 200);
    }

    @DatabaseTest
    void insideATransactionAllChunksCommitOrNone(Db db) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        db.create(new Reading("r350", -1)).block(TIMEOUT);

        StepVerifier.create(db.transaction(tx -> tx.createInBatches(readings(0, 400), 100)))
                .expectNextCount(300)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(BatchFailedException.class);
                    assertThat(((BatchFailedException) e).chunk()).isEqualTo(3);
                    assertThat(((BatchFailedException) e).committedRows()).isZero();
                    assertThat(e.getCause()).isInstanceOf(DuplicatedKeyException.class);
                })
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Reading.class).count()).expectNext(1L).verifyComplete();

        StepVerifier.create(db.transaction(tx -> tx.createInBatches(readings(1_000, 250), 100)).count())
                .expectNext(250L).verifyComplete();
        StepVerifier.create(db.model(Reading.class).count()).expectNext(251L).verifyComplete();
    }

    @DatabaseTest
    void aSourceErrorPassesThroughAfterTheChunksBeforeIt(Db db) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        Flux<Reading> failing = readings(0, 150).concatWith(Mono.error(new IllegalStateException("source broke")));

        StepVerifier.create(db.createInBatches(failing, 100))
                .expectNextCount(100)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessage("source broke"))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Reading.class).count()).expectNext(100L).verifyComplete();
    }

    @DatabaseTest
    void cancellingStopsTheSourceAndReleasesTheConnection(Db db) {
        db.migrator().autoMigrate(Reading.class).block(TIMEOUT);
        Set<Integer> requested = ConcurrentHashMap.newKeySet();
        Flux<Reading> endless = Flux.range(0, Integer.MAX_VALUE).doOnNext(requested::add)
                .map(i -> new Reading("r" + i, i));

        StepVerifier.create(db.createInBatches(endless, 50).take(120)).expectNextCount(120).verifyComplete();

        assertThat(requested.size()).as("the source stops at most a chunk ahead").isLessThanOrEqualTo(200);
        long rows = db.model(Reading.class).count().block(TIMEOUT);
        assertThat(rows).as("the chunks emitted are committed; the one in flight may be").isBetween(150L, 200L);
    }

    @DatabaseTest
    void rejectsABadBatchSize(Db db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.createInBatches(readings(0, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }
}
