package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.BatchFailedException;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.Session;
import dev.r2orm.annotation.Column;
import dev.r2orm.hook.BeforeCreate;
import dev.r2orm.hook.HookContext;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@link Db#copyIn}: a bulk load through {@code COPY ... FROM STDIN} on PostgreSQL and multi-row INSERTs elsewhere,
 * with the same values read back, backpressure on the source, typed errors, and all-or-nothing in a transaction
 * whether it fails or is cancelled.
 */
class CopyInIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    enum Level { LOW, HIGH }

    /** Every kind of value the text format must carry, and a hook that bulk loads do not run. */
    static class Sample implements BeforeCreate {
        Long id;
        @Column(size = 200)
        String text;
        Integer count;
        boolean flag;
        @Column(precision = 12, scale = 3)
        BigDecimal price;
        LocalDate day;
        Instant at;
        byte[] data;
        Level level;
        @Column(size = 20, unique = true)
        String code;
        Instant createdAt;

        Sample() {
        }

        Sample(long n) {
            text = "row " + n;
            count = (int) n;
            flag = n % 2 == 0;
            price = BigDecimal.valueOf(n * 1_001, 3);
            day = LocalDate.of(2024, 1, 1).plusDays(n % 300);
            at = Instant.parse("2024-05-06T07:08:09.123456Z").plusSeconds(n);
            data = new byte[] {(byte) n, 0, (byte) 0xff};
            level = n % 3 == 0 ? Level.HIGH : Level.LOW;
            code = "c" + n;
        }

        @Override
        public Mono<Void> beforeCreate(HookContext hook) {
            return Mono.error(new IllegalStateException("a bulk load runs no hooks"));
        }
    }

    private static Flux<Sample> samples(long from, long count) {
        return Flux.fromStream(() -> LongStream.range(from, from + count).mapToObj(Sample::new));
    }

    private static Throwable unwrapped(Throwable e) {
        return e instanceof BatchFailedException ? e.getCause() : e;
    }

    @DatabaseTest
    void loadsEveryValueAsWrittenWithoutHooksAndFillsTimestamps(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        Sample awkward = new Sample(10_000);
        awkward.text = "tab\there, line\nbreak, cr\rback\\slash, \\N, quote' \"x\", ünïcødé ✓";
        awkward.count = null;
        awkward.price = null;
        awkward.data = new byte[0];

        StepVerifier.create(db.copyIn(Sample.class, samples(0, 5_000).concatWithValues(awkward)))
                .expectNext(5_001L).verifyComplete();

        List<Sample> back = db.model(Sample.class).order("count").find().collectList().block(TIMEOUT);
        assertThat(back).hasSize(5_001);
        for (Sample s : back) {
            assertThat(s.id).isNotNull();
            assertThat(s.createdAt).isNotNull();
            if (s.count == null) {
                assertThat(s.text).isEqualTo(awkward.text);
                assertThat(s.price).isNull();
                assertThat(s.data).isEmpty();
                continue;
            }
            Sample expected = new Sample(s.count);
            assertThat(s.text).isEqualTo(expected.text);
            assertThat(s.flag).isEqualTo(expected.flag);
            assertThat(s.price).isEqualByComparingTo(expected.price);
            assertThat(s.day).isEqualTo(expected.day);
            assertThat(s.at).isEqualTo(expected.at);
            assertThat(s.data).containsExactly(expected.data);
            assertThat(s.level).isEqualTo(expected.level);
            assertThat(s.code).isEqualTo(expected.code);
        }
    }

    @DatabaseTest
    void readsTheSourceOnlyAsFastAsTheDatabaseTakesIt(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        List<Long> requests = new CopyOnWriteArrayList<>();
        AtomicLong requested = new AtomicLong();

        StepVerifier.create(db.copyIn(Sample.class, samples(0, 60_000).doOnRequest(n -> {
                    requests.add(n);
                    requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                })))
                .expectNext(60_000L).verifyComplete();

        assertThat(requests).as("never an unbounded request").doesNotContain(Long.MAX_VALUE);
        assertThat(requests).as("many bounded requests, not one").hasSizeGreaterThan(10);
        assertThat(requests.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThanOrEqualTo(20_000L);
        StepVerifier.create(db.model(Sample.class).count()).expectNext(60_000L).verifyComplete();
    }

    @DatabaseTest
    void aFailedLoadInATransactionIsTypedAndWritesNothing(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        db.session(db.currentSession().withoutHooks()).create(new Sample(2_500)).block(TIMEOUT);

        StepVerifier.create(db.transaction(tx -> tx.copyIn(Sample.class, samples(0, 4_000))))
                .expectErrorSatisfies(e -> assertThat(unwrapped(e)).isInstanceOf(DuplicatedKeyException.class))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Sample.class).count()).expectNext(1L).verifyComplete();
    }

    @DatabaseTest
    void aCancelledLoadInATransactionWritesNothingAndReleasesItsConnection(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        AtomicLong produced = new AtomicLong();
        Flux<Sample> endless = Flux.fromStream(() -> LongStream.iterate(0, n -> n + 1).mapToObj(Sample::new))
                .doOnNext(s -> produced.incrementAndGet());

        // H2 runs on the subscribing thread: subscribe elsewhere so that this one can cancel
        Disposable load = db.transaction(tx -> tx.copyIn(Sample.class, endless))
                .subscribeOn(Schedulers.boundedElastic()).subscribe();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (produced.get() < 20_000 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        load.dispose();

        Pools.awaitIdle(db, Duration.ofSeconds(10));
        StepVerifier.create(db.model(Sample.class).count()).expectNext(0L).verifyComplete();
        StepVerifier.create(Flux.range(0, 4).flatMap(i -> db.transactionMono(tx -> tx.model(Sample.class).count()), 4)
                        .collectList())
                .expectNext(List.of(0L, 0L, 0L, 0L)).verifyComplete();
    }

    @DatabaseTest
    void anEntityThatSetsAColumnTheFirstLeftToTheDatabaseIsRefused(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        Sample withKey = new Sample(7);
        withKey.id = 99L;

        StepVerifier.create(db.transaction(tx -> tx.copyIn(Sample.class, Flux.just(new Sample(1), withKey))))
                .expectErrorSatisfies(e -> assertThat(unwrapped(e)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("entity 1").hasMessageContaining("id"))
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Sample.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void entitiesWithTheirOwnKeysKeepThem(Db db) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        Flux<Sample> keyed = samples(0, 300).map(s -> {
            s.id = 1_000L + s.count;
            return s;
        });

        StepVerifier.create(db.copyIn(Sample.class, keyed)).expectNext(300L).verifyComplete();
        StepVerifier.create(db.model(Sample.class).first(1_042L).map(s -> s.code)).expectNext("c42").verifyComplete();
    }

    @DatabaseTest
    void anEmptySourceOrADryRunLoadsNothing(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Sample.class).block(TIMEOUT);
        StepVerifier.create(db.copyIn(Sample.class, Flux.empty())).expectNext(0L).verifyComplete();

        List<String> logged = new CopyOnWriteArrayList<>();
        Db dry = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, e, rows, err, ctx) -> logged.add(sql.sql()))).build())
                .session(Session.builder().dryRun(true).build());
        StepVerifier.create(dry.copyIn(Sample.class, samples(0, 10))).expectNext(0L).verifyComplete();
        assertThat(logged).isNotEmpty();
        StepVerifier.create(db.model(Sample.class).count()).expectNext(0L).verifyComplete();
    }
}
