package dev.r2orm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class StatementGuardTest {

    private static final Duration LIMIT = Duration.ofMillis(150);

    @Test
    void aStatementWithoutAnswerFailsAfterTheTimeoutAndRunsTheCleanupFirst() {
        AtomicInteger cleanups = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        long t0 = System.nanoTime();
        StepVerifier.create(StatementGuard.guard(Flux.<Integer>never().doOnCancel(cancels::incrementAndGet), LIMIT,
                        () -> new TimeoutException("no answer"), cleanups::incrementAndGet, null))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(TimeoutException.class);
                    assertThat(cleanups).hasValue(1);
                    assertThat(cancels).as("the statement is cancelled").hasValue(1);
                })
                .verify(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(LIMIT, Duration.ofMillis(1_500));
    }

    @Test
    void rowsArrivingInTimeKeepItAliveAndCompletionDisarmsIt() {
        AtomicInteger cleanups = new AtomicInteger();
        // a row every 50 ms against a limit ten times that: a loaded machine's scheduling delays stay far inside it
        StepVerifier.create(StatementGuard.guard(Flux.interval(Duration.ofMillis(50)).take(8), Duration.ofMillis(500),
                        () -> new TimeoutException(), cleanups::incrementAndGet, null))
                .expectNextCount(8)
                .verifyComplete();
        sleep(700);
        assertThat(cleanups).hasValue(0);
    }

    @Test
    void aSubscriberHoldingRowsBackIsNeverTimedOut() {
        Sinks.Many<Integer> rows = Sinks.many().unicast().onBackpressureBuffer();
        for (int i = 0; i < 3; i++) {
            rows.tryEmitNext(i);
        }
        rows.tryEmitComplete();
        StepVerifier.create(StatementGuard.guard(rows.asFlux(), LIMIT, () -> new TimeoutException(), () -> { }, null),
                        1)
                .expectNext(0)
                .then(() -> sleep(500))
                .thenRequest(5)
                .expectNext(1, 2)
                .verifyComplete();
    }

    @Test
    void progressReportedFromOutsideRestartsTheWait() {
        StatementGuard.Progress progress = new StatementGuard.Progress();
        Flux<Integer> load = Flux.interval(Duration.ofMillis(50)).take(10).doOnNext(x -> progress.run())
                .then(reactor.core.publisher.Mono.just(10)).flux();
        StepVerifier.create(StatementGuard.guard(load, LIMIT, () -> new TimeoutException(), () -> { }, progress))
                .expectNext(10)
                .verifyComplete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
