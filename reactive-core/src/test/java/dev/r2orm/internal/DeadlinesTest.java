package dev.r2orm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void aWaitRunsItsTaskOnceAfterItsDelayAndNotBefore() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        long t0 = System.nanoTime();
        Deadlines.arm(() -> {
            at.set(System.nanoTime());
            fired.countDown();
        }, Duration.ofMillis(80).toNanos());
        assertThat(fired.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(at.get() - t0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(500));
    }

    @Test
    void aCancelledWaitNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Deadlines.Wait[] waits = new Deadlines.Wait[1_000];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = Deadlines.arm(runs::incrementAndGet, Duration.ofMillis(400).toNanos());
        }
        for (Deadlines.Wait w : waits) {
            w.cancel();
        }
        Thread.sleep(600);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aWaitArmedAfterTheCheckStoppedStartsItAgain() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        Deadlines.arm(first::countDown, Duration.ofMillis(5).toNanos());
        assertThat(first.await(2, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        CountDownLatch second = new CountDownLatch(1);
        Deadlines.arm(second::countDown, Duration.ofMillis(5).toNanos());
        assertThat(second.await(2, TimeUnit.SECONDS)).isTrue();
    }
}
