package dev.r2orm.integration;

import dev.r2orm.Db;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import org.junit.jupiter.api.Tag;

/**
 * The savepoint race of {@link CancellationStressIntegrationTests#aSavepointTimingOutWhileItIsSetUpKeepsTheNextWriteOfTheTransaction}
 * at full length: 10,000 transactions per database whose savepoint times out after 20-520 microseconds, each checked
 * for the write before and the write after it. Too slow for the fast suite (about a minute per server database).
 */
@Tag("faults")
class SavepointRaceFaultTests {

    @DatabaseTest
    void tenThousandSavepointTimeoutsLoseNoWrite(Db db, TestDatabase target) {
        long t0 = System.nanoTime();
        CancellationStressIntegrationTests.savepointTimeoutRounds(db, target, 10_000);
        System.out.println("[" + target.displayName() + "] 10,000 savepoints timed out during set-up, no write lost, "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
