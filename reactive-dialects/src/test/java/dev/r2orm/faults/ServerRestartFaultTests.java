package dev.r2orm.faults;

import dev.r2orm.Db;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server goes away under load and comes back: PostgreSQL restarted with {@code -m fast} (sessions terminated),
 * MariaDB killed with SIGKILL and started again (crash recovery). Eight writers share a pool of four, straight to the
 * server; the checks are those of {@link ConnectionResetFaultTests#assertSound}.
 */
@Tag("faults")
class ServerRestartFaultTests {

    private static final Duration CAP = Duration.ofSeconds(15);
    private static final Duration RECOVERY = Duration.ofSeconds(8);

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void serverRestartUnderLoad(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            Db db = bench.db(BlackHoleFaultTests.config(4));
            bench.healthy(db, 4);
            boolean postgres = target == FaultTarget.POSTGRESQL;
            WriteLoad.Result result = WriteLoad.underFault(bench, db, 4, 8,
                    postgres ? "restart (pg_ctlcluster restart -m fast)" : "kill -9, then start",
                    () -> {
                        if (postgres) {
                            FaultServers.restartPostgres();
                        } else {
                            FaultServers.killMariadb();
                            FaultServers.startMariadb();
                        }
                    }, Duration.ofMillis(1_500), Duration.ofMillis(3_000), CAP);
            ConnectionResetFaultTests.assertSound(result, RECOVERY);
        }
    }
}
