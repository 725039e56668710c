package dev.r2orm.testkit;

import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits on a database's pool, for tests of cancellation and release. */
public final class Pools {

    private Pools() {
    }

    /**
     * Polls the pool until no connection is acquired and nobody waits for one.
     *
     * @param db the database; its pool must be r2orm's own
     * @param within how long to wait at most
     * @return the {@link System#nanoTime()} at which the pool was seen idle
     * @throws AssertionError with the pool's status when it is still busy after {@code within}
     */
    public static long awaitIdle(Db db, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long now = System.nanoTime();
            PoolStatus status = db.poolStatus().orElseThrow();
            if (status.isIdle()) {
                return now;
            }
            if (now - deadline > 0) {
                throw new AssertionError("the pool is not idle after " + within + ": " + status);
            }
            LockSupport.parkNanos(50_000);
        }
    }
}
