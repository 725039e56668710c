package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.R2ormException;
import dev.r2orm.Db;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A slow network: below the timeouts everything works, only slower; above them operations fail typed and bounded. */
@Tag("faults")
class LatencyFaultTests {

    private static final Duration CAP = Duration.ofSeconds(12);

    /** 100 ms each way: reads, writes and transactions all succeed, none faster than one round trip. */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void latencyBelowTheTimeoutsSlowsButFailsNothing(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, BlackHoleFaultTests.config(4));
            bench.fault("latency 100 ms each way", db);
            bench.healthy(db, 4);
            proxy.latency(Duration.ofMillis(100));

            List<CompletableFuture<Attempt>> running = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long marker = 100 + i;
                running.add(switch (i % 3) {
                    case 0 -> Attempt.start("read " + i, db.model(FaultMark.class).where("marker = ?", marker).find(),
                            CAP);
                    case 1 -> Attempt.start("write " + i, db.create(new FaultMark(marker, "slow")), CAP);
                    default -> Attempt.start("transaction " + i, db.transaction(t -> t.create(
                            new FaultMark(marker, "a")).then(t.create(new FaultMark(marker, "b")))), CAP);
                });
            }
            List<Attempt> attempts = running.stream().map(CompletableFuture::join).toList();
            bench.attempts(attempts);
            assertThat(attempts).as("every operation succeeds: %s", attempts).allMatch(Attempt::ok);
            assertThat(attempts).as("each took at least one round trip").allMatch(a -> a.millis() >= 200);
            Map<Long, Long> rows = bench.rowsByMarker();
            for (int i = 0; i < 12; i++) {
                long expected = switch (i % 3) {
                    case 0 -> 0L;
                    case 1 -> 1L;
                    default -> 2L;
                };
                assertThat(rows.getOrDefault(100L + i, 0L)).as("marker %d", 100 + i).isEqualTo(expected);
            }
            proxy.pass();
            bench.healthy(db, 4);
        }
    }

    /**
     * 3 s each way against a statement timeout of 2 s: operations fail with a typed error within their bounds (a
     * connection that must be validated first fails to be had; one that is not times out), and the pool recovers once
     * the latency is gone.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void latencyBeyondTheTimeoutsFailsTypedAndBounded(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, BlackHoleFaultTests.config(4));
            bench.fault("latency 3 s each way", db);
            bench.healthy(db, 4);
            proxy.latency(Duration.ofSeconds(3));

            List<Attempt> attempts = List.of(
                    Attempt.start("read", db.model(FaultMark.class).where("marker = ?", 1).find(), CAP),
                    Attempt.start("write", db.create(new FaultMark(2, "slow")), CAP),
                    Attempt.start("transaction", db.transaction(t -> t.create(new FaultMark(3, "a"))
                            .then(t.create(new FaultMark(3, "b")))), CAP))
                    .stream().map(CompletableFuture::join).toList();
            attempts.forEach(a -> System.out.println("[faults] " + target + " latency 3 s: " + a));
            bench.attempts(attempts);
            proxy.pass();
            bench.awaitRecovery(db, BlackHoleFaultTests.RECOVERY, CAP);
            bench.healthy(db, 4);
            Map<Long, Long> rows = bench.rowsByMarker();
            bench.writes(0, (rows.getOrDefault(2L, 0L) > 0 ? 1 : 0) + (rows.getOrDefault(3L, 0L) > 0 ? 1 : 0));
            Duration bound = BlackHoleFaultTests.ACQUIRE.plus(BlackHoleFaultTests.STATEMENT)
                    .plus(BlackHoleFaultTests.MARGIN);
            for (Attempt a : attempts) {
                assertThat(a.typed()).as("%s", a).isTrue();
                assertThat(Duration.ofMillis(a.millis())).as("%s", a).isLessThan(bound);
            }

            assertThat(rows.getOrDefault(3L, 0L)).as("the transaction is whole or absent").isIn(0L, 2L);
            assertThat(attempts.get(1).error() instanceof R2ormException r && r.isRetryable()
                    && rows.getOrDefault(2L, 0L) > 0).as("a write said retryable yet committed").isFalse();
            assertThat(attempts.get(2).error() instanceof R2ormException r && r.isRetryable()
                    && rows.getOrDefault(3L, 0L) > 0).as("a transaction said retryable yet committed").isFalse();
        }
    }
}
