package dev.r2orm.property;

import dev.r2orm.Db;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One step of a generated sequence: a write on its own, or a transaction of writes that commits, fails, is cancelled,
 * or nests a savepoint. {@link #run} blocks, leaves the model as the table should now be, and throws
 * {@link AssertionError} where r2orm and the model disagree on what a call emits.
 */
sealed interface Op {

    Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a cancelled body emits once its writes are done, before it waits forever. */
    String WRITTEN = "written";

    void run(Db db, AccountModel model);

    /** A write outside any transaction: on an expected error nothing changes. */
    record Single(Write write) implements Op {

        @Override
        public void run(Db db, AccountModel model) {
            AccountModel work = model.copy();
            Raised raised = new Raised();
            Throwable error = outcome(step(write, db, work, raised));
            if (error == null) {
                model.adopt(work);
            } else {
                raised.require(error, write.toString());
            }
        }

        @Override
        public String toString() {
            return write.toString();
        }
    }

    /** {@code db.transaction(tx -> writes)}: committed, or rolled back whole by a write's expected error. */
    record Commit(List<Write> writes) implements Op {

        @Override
        public void run(Db db, AccountModel model) {
            AccountModel work = model.copy();
            Raised raised = new Raised();
            Throwable error = outcome(db.transaction(tx -> steps(writes, tx.db(), work, raised)));
            if (error == null) {
                model.adopt(work);
            } else {
                raised.require(error, "the transaction");
            }
        }
    }

    /** A transaction whose body fails after its writes: rolled back, the body's error reaching the caller as itself. */
    record Fail(List<Write> writes) implements Op {

        @Override
        public void run(Db db, AccountModel model) {
            Raised raised = new Raised();
            IllegalStateException boom = new IllegalStateException("the body failed");
            raised.add(boom);
            Throwable error = outcome(db.transaction(tx -> steps(writes, tx.db(), model.copy(), raised)
                    .then(Mono.error(boom))));
            raised.require(error, "the failing transaction");
        }
    }

    /** How a transaction or savepoint is cancelled while its body waits on {@code Mono.never()}. */
    enum Cancel {
        /** {@code take(1)} of the element emitted after the writes. */
        TAKE,
        /** {@code timeout} a few milliseconds after that element. */
        TIMEOUT,
        /** The subscription disposed once that element arrived (transactions only). */
        DISPOSE
    }

    /** A transaction cancelled after its writes: rolled back. */
    record Cancelled(List<Write> writes, Cancel how) implements Op {

        @Override
        public void run(Db db, AccountModel model) {
            Raised raised = new Raised();
            Flux<Object> tx = db.transaction(t -> steps(writes, t.db(), model.copy(), raised)
                    .thenMany(Flux.concat(Mono.just(WRITTEN), Mono.never())));
            switch (how) {
                case TAKE -> raised.require(outcome(tx.take(1)), "the cancelled transaction", null);
                case TIMEOUT -> raised.require(outcome(shortly(tx)), "the timed-out transaction",
                        TimeoutException.class);
                case DISPOSE -> raised.require(disposeOnFirst(tx), "the disposed transaction", null);
            }
        }
    }

    /** How a nested transaction (a savepoint) ends. */
    enum Inner {
        /** Its body completes: released, its writes kept. */
        COMMIT,
        /** Its body fails: rolled back to the savepoint, the outer body handles the error and goes on. */
        ERROR,
        /** {@code take(1)} after its writes: rolled back to the savepoint, the outer body goes on. */
        CANCEL_TAKE,
        /** A {@code timeout} with an empty fallback after its writes: as {@link #CANCEL_TAKE}. */
        CANCEL_TIMEOUT
    }

    /**
     * {@code db.transaction(tx -> before.then(tx.transaction(inner)...handled).then(after))}: the outer writes are
     * committed, the inner ones only when the savepoint completes. An error of a savepoint write is handled like the
     * inner body's own.
     */
    record Nested(List<Write> before, List<Write> inner, Inner end, List<Write> after) implements Op {

        @Override
        public void run(Db db, AccountModel model) {
            AccountModel outer = model.copy();
            Raised raised = new Raised();
            Throwable error = outcome(db.transaction(tx -> steps(before, tx.db(), outer, raised)
                    .then(Mono.defer(() -> {
                        AccountModel nested = outer.copy();
                        Raised handled = new Raised();
                        IllegalStateException boom = new IllegalStateException("the savepoint body failed");
                        handled.add(boom);
                        Flux<Object> savepoint = tx.transaction(tx2 -> steps(inner, tx2.db(), nested, handled)
                                .thenMany(switch (end) {
                                    case COMMIT -> Flux.empty();
                                    case ERROR -> Flux.error(boom);
                                    case CANCEL_TAKE, CANCEL_TIMEOUT -> Flux.concat(Mono.just(WRITTEN), Mono.never());
                                }));
                        Mono<Void> ended = switch (end) {
                            case COMMIT -> savepoint.then(Mono.fromRunnable(() -> outer.adopt(nested)));
                            case ERROR -> savepoint.then(Mono.error(
                                    () -> new AssertionError("the failing savepoint completed")));
                            case CANCEL_TAKE -> savepoint.take(1).then();
                            case CANCEL_TIMEOUT -> shortly(savepoint).onErrorResume(TimeoutException.class,
                                    e -> Mono.empty()).then();
                        };
                        return ended.onErrorResume(handled::contains, e -> Mono.empty());
                    }))
                    .then(steps(after, tx.db(), outer, raised))));
            if (error == null) {
                model.adopt(outer);
            } else {
                raised.require(error, "the outer transaction");
            }
        }
    }

    /**
     * Runs a write the way the model expects: its expected error passes as itself (and is recorded), an unexpected
     * error or an unexpected success becomes an {@link AssertionError}.
     */
    static Mono<Void> step(Write write, Db db, AccountModel model, Raised raised) {
        return Mono.defer(() -> {
            Class<? extends Throwable> expected = write.failure(model);
            Mono<Void> run = write.run(db, model);
            if (expected == null) {
                return run.onErrorMap(e -> !(e instanceof AssertionError),
                        e -> new AssertionError(write + " failed where the model expects success: " + e, e));
            }
            return run.then(Mono.<Void>error(() -> new AssertionError(
                            write + " succeeded where the model expects " + expected.getSimpleName())))
                    .onErrorMap(e -> !(e instanceof AssertionError) && !expected.isInstance(e),
                            e -> new AssertionError(write + " failed with " + e + " where the model expects "
                                    + expected.getSimpleName(), e))
                    .doOnError(expected::isInstance, raised::add);
        });
    }

    static Mono<Void> steps(List<Write> writes, Db db, AccountModel model, Raised raised) {
        return Flux.fromIterable(writes).concatMap(w -> step(w, db, model, raised)).then();
    }

    /** Times out a few milliseconds after the first element (never before it). */
    static <T> Flux<T> shortly(Flux<T> source) {
        return source.timeout(Mono.delay(TIMEOUT), x -> Mono.delay(Duration.ofMillis(5)));
    }

    /** Runs a publisher to its end: null when it completes, else its error. */
    static @Nullable Throwable outcome(Publisher<?> publisher) {
        return Flux.from(publisher).then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
    }

    /** Subscribes, disposes the subscription at the first element: null then, else the error that came first. */
    static @Nullable Throwable disposeOnFirst(Flux<?> source) {
        CompletableFuture<Object> first = new CompletableFuture<>();
        Disposable subscription = source.subscribe(first::complete, first::completeExceptionally,
                () -> first.completeExceptionally(new AssertionError("completed without emitting")));
        try {
            first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no element within " + TIMEOUT, e);
        } finally {
            subscription.dispose();
        }
    }

    /** The errors a transaction's body raised on purpose, by identity: the only ones allowed to reach its caller. */
    final class Raised {

        private final Set<Throwable> errors = Collections.synchronizedSet(
                Collections.newSetFromMap(new IdentityHashMap<>()));

        void add(Throwable e) {
            errors.add(e);
        }

        boolean contains(Throwable e) {
            return errors.contains(e);
        }

        /** Checks that a failed transaction failed with an error its body raised, unchanged. */
        void require(@Nullable Throwable error, String what) {
            if (error instanceof AssertionError a) {
                throw a;
            }
            if (error == null) {
                if (!errors.isEmpty()) {
                    throw new AssertionError(what + " completed although its body raised " + errors);
                }
                return;
            }
            if (!contains(error)) {
                throw new AssertionError(what + " failed with " + error + ", not with the error its body raised "
                        + errors, error);
            }
        }

        /**
         * Checks how a cancelled transaction ended: with an error its body raised, else as the cancel makes it
         * (completion, or an error of type {@code cancelled}).
         */
        void require(@Nullable Throwable error, String what, @Nullable Class<? extends Throwable> cancelled) {
            if (error instanceof AssertionError a) {
                throw a;
            }
            if (error != null && contains(error)) {
                return;
            }
            if (!errors.isEmpty()) {
                throw new AssertionError(what + " ended with " + error + " although its body raised " + errors, error);
            }
            if (cancelled == null ? error != null : !cancelled.isInstance(error)) {
                throw new AssertionError(what + " ended with " + error + " where "
                        + (cancelled == null ? "completion" : cancelled.getSimpleName()) + " was expected", error);
            }
        }
    }
}
