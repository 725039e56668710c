package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network resets every connection while eight writers share a pool of four: no acknowledged write is lost, no
 * transaction is half-written, every failure is typed, and writes succeed again soon after.
 */
@Tag("faults")
class ConnectionResetFaultTests {

    private static final Duration CAP = Duration.ofSeconds(12);
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    /** Every connection is reset, and each new one too for a second; then the network passes again. */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void resetOfEveryConnectionForASecondUnderLoad(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, BlackHoleFaultTests.config(4));
            bench.healthy(db, 4);
            WriteLoad.Result result = WriteLoad.underFault(bench, db, 4, 8, "reset of all connections for 1 s", () -> {
                proxy.reset();
                FaultBench.sleep(1_000);
                proxy.pass();
            }, Duration.ofMillis(1_500), Duration.ofMillis(2_000), CAP);
            assertSound(result, RECOVERY);
        }
    }

    /** The connections open now are reset once, under load; new connections work at once. */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void resetOfTheOpenConnectionsUnderLoad(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            FaultProxy proxy = bench.proxy();
            Db db = bench.db(proxy, BlackHoleFaultTests.config(4));
            bench.healthy(db, 4);
            WriteLoad.Result result = WriteLoad.underFault(bench, db, 4, 8, "reset of the open connections",
                    proxy::resetExisting, Duration.ofMillis(1_500), Duration.ofMillis(2_000), CAP);
            assertSound(result, RECOVERY);
        }
    }

    /**
     * The checks of every load test: nothing lost or half-written, every failure typed and truthful about its
     * outcome, nothing hung, and a write succeeded within {@code recovery} after the fault.
     */
    static void assertSound(WriteLoad.Result result, Duration recovery) {
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.lost()).as("acknowledged writes lost").isZero();
        assertThat(result.partial()).as("half-written transactions").isZero();
        assertThat(result.failed()).as("failures by type").doesNotContainKey("hung");
        assertThat(result.recoverMs()).as("ms from the end of the fault to the first acknowledged write")
                .isBetween(0L, recovery.toMillis());
    }
}
