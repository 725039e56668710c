package dev.r2orm.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.plugins.resolver.Resolver;
import dev.r2orm.testkit.Pools;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A replica stopped under a steady read load: reads move to the primary within a bound, none fails but those running
 * on the replica when it went down, and reads come back to the replica once it is up again. Stops and starts the
 * replica server of {@code .ci/replica-servers} (H2: a switch that makes its replica refuse connections).
 */
@Tag("faults")
class ResolverFailoverFaultTests {

    private static final int READERS = 8;

    /** One read: when it started and ended (ms since the run began), and who answered or what failed. */
    private record Read(long start, long end, String answer, boolean failed) {
    }

    @ParameterizedTest
    @EnumSource(ReplicaPair.Kind.class)
    void aStoppedReplicaMovesReadsToThePrimaryAndBack(ReplicaPair.Kind kind) throws InterruptedException {
        try (ReplicaPair pair = ReplicaPair.of(kind)) {
            pair.createLibrary();
            Resolver resolver = pair.resolver().failoverTimeout(Duration.ofSeconds(1)).retryAfter(Duration.ofSeconds(1))
                    .probe(Duration.ofMillis(500), Duration.ofSeconds(1)).build();
            Db db = pair.primary(resolver);
            assertThat(resolver.health().values()).containsExactly(true);
            String who = pair.whoAmI();
            long t0 = System.nanoTime();
            ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Disposable load = Flux.range(0, READERS).flatMap(i -> Mono.defer(() -> {
                long start = ms(t0);
                return db.raw(who).scan(String.class).next()
                        .map(a -> new Read(start, ms(t0), a, false))
                        .onErrorResume(e -> Mono.just(new Read(start, ms(t0), e.getClass().getSimpleName(), true)));
            }).doOnNext(reads::add).delayElement(Duration.ofMillis(10)).repeat(running::get), READERS).subscribe();
            try {
                Thread.sleep(1000);
                long stopBegan = ms(t0);
                pair.stopReplica();
                long stopped = ms(t0);
                Thread.sleep(3000);
                assertThat(resolver.health().values()).as("the stopped replica is left out").containsExactly(false);
                long startBegan = ms(t0);
                pair.startReplica();
                long started = ms(t0);
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (System.nanoTime() < deadline && reads.stream().noneMatch(
                        r -> r.start() > started && r.answer().equals("replica"))) {
                    Thread.sleep(50);
                }
                running.set(false);
                Thread.sleep(200);

                List<Read> all = List.copyOf(reads);
                List<Read> failed = all.stream().filter(Read::failed).toList();
                long firstOnPrimary = all.stream().filter(r -> r.start() >= stopBegan && r.answer().equals("primary"))
                        .mapToLong(Read::end).min().orElse(-1);
                long backOnReplica = all.stream().filter(r -> r.start() > started && r.answer().equals("replica"))
                        .mapToLong(Read::end).min().orElse(-1);
                System.out.printf("[r2orm replicas] %s: %d reads; replica stop took %d ms, start %d ms; first read on"
                                + " the primary %d ms after the stop began; %d failed (%s); back on the replica %d ms"
                                + " after it was up%n", kind, all.size(), stopped - stopBegan, started - startBegan,
                        firstOnPrimary - stopBegan, failed.size(), failed.stream().map(Read::answer).distinct().toList(),
                        backOnReplica - started);

                assertThat(all.stream().filter(r -> r.end() < stopBegan)).allMatch(r -> r.answer().equals("replica"));
                assertThat(failed).as("only reads running on the replica while it went down fail")
                        .allMatch(r -> r.start() < stopped);
                assertThat(failed.size()).isLessThanOrEqualTo(2 * READERS);
                assertThat(firstOnPrimary).as("reads on the primary after the stop").isPositive();
                assertThat(firstOnPrimary - stopped).as("ms from the replica's stop to the first read on the primary")
                        .isLessThan(2000);
                assertThat(all.stream().filter(r -> r.start() > stopped + 2000 && r.end() < startBegan))
                        .as("while the replica is down, reads are on the primary").isNotEmpty()
                        .allMatch(r -> r.answer().equals("primary"));
                assertThat(backOnReplica).as("reads back on the replica after it is up").isPositive();
                assertThat(backOnReplica - started).isLessThan(5000);
                assertThat(resolver.health().values()).as("back in reads").containsExactly(true);
            } finally {
                running.set(false);
                load.dispose();
                pair.startReplica();
            }
            Pools.awaitIdle(db, Duration.ofSeconds(10));
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
