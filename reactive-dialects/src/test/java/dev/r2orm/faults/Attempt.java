package dev.r2orm.faults;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.ConnectionUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One operation run to its end, timed: it succeeded, failed, or hung (no signal within a generous cap, which a fault
 * test counts as a failure of r2orm, not of the database).
 *
 * @param name what the operation was
 * @param startNanos {@link System#nanoTime()} at subscription
 * @param endNanos {@link System#nanoTime()} at its last signal
 * @param error its error, null on success; a {@link Hung} when the cap ran out
 */
record Attempt(String name, long startNanos, long endNanos, @Nullable Throwable error) {

    /** The operation gave no terminal signal within the cap; it was cancelled. */
    static final class Hung extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Hung(Duration cap) {
            super("no terminal signal within " + cap, null, false, false);
        }
    }

    /**
     * Starts an operation.
     *
     * @param name what it is
     * @param operation the publisher, subscribed now
     * @param cap how long to wait for its end before calling it hung
     * @return its attempt, once it ended
     */
    static CompletableFuture<Attempt> start(String name, Publisher<?> operation, Duration cap) {
        long[] start = new long[1];
        // r2dbc-h2 runs a statement on the subscribing thread: subscribe elsewhere, so the cap still applies
        return Flux.from(operation).subscribeOn(Schedulers.boundedElastic()).then()
                .timeout(cap)
                .then(Mono.fromCallable(() -> new Attempt(name, start[0], System.nanoTime(), null)))
                .onErrorResume(e -> Mono.just(new Attempt(name, start[0], System.nanoTime(),
                        e instanceof TimeoutException ? new Hung(cap) : e)))
                .doOnSubscribe(s -> start[0] = System.nanoTime())
                .toFuture();
    }

    /**
     * Runs an operation and waits for it.
     *
     * @param name what it is
     * @param operation the publisher
     * @param cap how long to wait before calling it hung
     * @return its attempt
     */
    static Attempt run(String name, Publisher<?> operation, Duration cap) {
        return start(name, operation, cap).join();
    }

    /** @return how long it took, in milliseconds */
    long millis() {
        return Duration.ofNanos(endNanos - startNanos).toMillis();
    }

    /** @return whether it succeeded */
    boolean ok() {
        return error == null;
    }

    /** @return whether it failed with one of the connection-fault types */
    boolean typed() {
        return error instanceof ConnectionLostException || error instanceof ConnectionUnavailableException;
    }

    /** @return the type of its error, {@code "hung"}, or {@code "ok"} */
    String outcome() {
        return error == null ? "ok" : error instanceof Hung ? "hung" : error.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name + ": " + (error == null ? "ok" : describe(error)) + " after " + millis() + " ms";
    }

    /**
     * Counts the failures of attempts by type.
     *
     * @param attempts the attempts
     * @return failures by {@link #outcome()}
     */
    static Map<String, Integer> failures(Collection<Attempt> attempts) {
        Map<String, Integer> failed = new TreeMap<>();
        for (Attempt a : attempts) {
            if (!a.ok()) {
                failed.merge(a.outcome(), 1, Integer::sum);
            }
        }
        return failed;
    }

    /** @return the longest of the attempts, in milliseconds */
    static long longest(Collection<Attempt> attempts) {
        return attempts.stream().mapToLong(Attempt::millis).max().orElse(0);
    }

    /**
     * An error with its chain of causes on one line: what a caller would see, and what it came from.
     *
     * @param error the error
     * @return {@code Type: message <- CauseType: message ...}
     */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.toString().replaceAll("\\s+", " ");
    }
}
