package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/** The server closes connections itself ({@code pg_terminate_backend}, {@code KILL CONNECTION}). */
@Tag("faults")
class ServerKillFaultTests {

    private static final Duration CAP = Duration.ofSeconds(12);

    /**
     * Three times: the pool's four idle connections are killed on the server, then eight operations one after the
     * other and four at once all succeed: no dead connection is handed out.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void idleConnectionsKilledOnTheServerAreNeverHandedOut(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            Db db = bench.db(BlackHoleFaultTests.config(4));
            bench.fault("idle connections killed on the server", db);
            List<Attempt> attempts = new ArrayList<>();
            int killed = 0;
            for (int round = 0; round < 3; round++) {
                bench.healthy(db, 4);
                killed += bench.killOtherSessions();
                FaultBench.sleep(300);
                for (int i = 0; i < 8; i++) {
                    long marker = round * 100L + i;
                    attempts.add(Attempt.run("round " + round + " op " + i, i % 2 == 0
                            ? db.model(FaultMark.class).where("marker = ?", marker).find()
                            : db.create(new FaultMark(marker, "after kill")), CAP));
                }
                killed += bench.killOtherSessions();
                FaultBench.sleep(300);
                List<CompletableFuture<Attempt>> together = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    together.add(Attempt.start("round " + round + " parallel " + i,
                            db.raw(target.connectionId()).scan(Object.class), CAP));
                }
                together.forEach(f -> attempts.add(f.join()));
            }
            attempts.stream().filter(a -> !a.ok())
                    .forEach(a -> System.out.println("[faults] " + target + " server kill: " + a));
            bench.attempts(attempts);
            bench.healthy(db, 4);
            assertThat(killed).as("sessions killed").isGreaterThanOrEqualTo(12);
            assertThat(attempts).as("operations right after the kills").allMatch(Attempt::ok);
        }
    }

    /**
     * The server kills the transaction's connection; the function swallows that error and fails with its own. The
     * caller sees the function's error. The transaction is known lost, so no {@code ROLLBACK} is sent on the dead
     * connection (a failed one would be attached as suppressed: see {@code FaultIntegrationTests}); the pool is idle
     * and the next operation works.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(value = FaultTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void theCallersErrorWinsOverALostConnection(FaultTarget target) {
        try (FaultBench bench = FaultBench.open(target)) {
            Db db = bench.db(BlackHoleFaultTests.config(2));
            bench.fault("own connection killed in a transaction, caller's error", db);
            bench.healthy(db, 2);
            IllegalStateException rule = new IllegalStateException("rule");
            Attempt attempt = Attempt.run("transaction", db.transaction(tx -> tx.create(new FaultMark(1, "lost"))
                    .then(tx.exec(target.killOwnConnection()).onErrorResume(e -> Mono.empty()))
                    .then(Mono.error(rule))), CAP);
            System.out.println("[faults] " + target + " caller's error: " + attempt + "; suppressed: "
                    + List.of(attempt.error() == null ? new Throwable[0] : attempt.error().getSuppressed()).stream()
                            .map(Attempt::describe).toList());
            bench.attempts(List.of(attempt));
            FaultBench.Recovery recovery = bench.awaitRecovery(db, Duration.ofSeconds(5), CAP);
            bench.healthy(db, 2);

            assertThat(attempt.error()).as("%s", attempt).isSameAs(rule);
            assertThat(rule.getSuppressed()).as("no ROLLBACK tried on the lost connection").isEmpty();
            assertThat(recovery.failures()).as("the next operation after the kill").isEmpty();
            assertThat(bench.rowsByMarker()).as("the killed transaction left nothing").doesNotContainKey(1L);
        }
    }
}
