package dev.r2orm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SpillableStreamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void rowsFollowDemandUntilAnotherStatementStartsThenTheRestIsReadAheadAndStillDeliveredOnDemand() {
        TxState tx = new TxState(null, false);
        List<Long> upstreamRequests = new CopyOnWriteArrayList<>();
        Flux<Integer> rows = SpillableStream.wrap(Flux.range(1, 1_000).doOnRequest(upstreamRequests::add), tx);

        StepVerifier.create(rows, 10)
                .expectNextCount(10)
                .then(() -> assertThat(upstreamRequests).containsExactly(10L))
                .then(tx::spillStreams)
                .then(() -> assertThat(upstreamRequests).containsExactly(10L, Long.MAX_VALUE))
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(5)
                .expectNext(11, 12, 13, 14, 15)
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(985)
                .expectComplete()
                .verify(TIMEOUT);
        tx.spillStreams();
        assertThat(upstreamRequests).as("an ended stream is not spilled again").hasSize(2);
    }

    @Test
    void anErrorComesAfterTheRowsReadAheadAndACancelStopsTheSource() {
        TxState tx = new TxState(null, false);
        Flux<Integer> failing = SpillableStream.wrap(
                Flux.range(1, 3).concatWith(Flux.error(new IllegalStateException("x"))), tx);
        StepVerifier.create(failing, 1)
                .expectNext(1)
                .then(tx::spillStreams)
                .thenRequest(2)
                .expectNext(2, 3)
                .expectErrorMessage("x")
                .verify(TIMEOUT);

        List<String> signals = new CopyOnWriteArrayList<>();
        StepVerifier.create(SpillableStream.wrap(Flux.range(1, 100).doOnCancel(() -> signals.add("cancel")), tx)
                        .take(3))
                .expectNext(1, 2, 3)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(signals).containsExactly("cancel");
    }
}
