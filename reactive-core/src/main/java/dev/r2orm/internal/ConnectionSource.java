package dev.r2orm.internal;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.dialect.ConnectionOrigin;
import dev.r2orm.dialect.Dialect;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where an executor's connections come from and how they go back: a borrow bounded by the acquire timeout that skips
 * dead and hung connections, a release that never makes a caller wait on a broken connection, and the closing of a
 * connection whose state is unknown. Closes done in the background report their failures to SLF4J category
 * {@code dev.r2orm.pool} at debug: the connection was broken already, so there is nobody else to tell.
 */
public final class ConnectionSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");

    /** Attempts to take a connection made at once before the next ones pause: enough to skip a pool of dead ones. */
    private static final int QUICK_ATTEMPTS = 16;

    /** The longest wait for a broken connection's session to close; it is given up on afterwards. */
    private static final Duration DISCARD_WAIT = Duration.ofSeconds(1);

    /** The longest wait for a server to take the cancel of a timed-out statement (it may be the silent one). */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final ConnectionFactory factory;
    private volatile ConnectionFactory creator;
    private final Duration acquireTimeout;
    private final Supplier<Dialect> dialect;

    /**
     * Creates the source.
     *
     * @param factory the (pooled) connection factory
     * @param acquireTimeout the whole wait for a usable connection
     * @param dialect the dialect in effect, which tells connection errors apart
     */
    ConnectionSource(ConnectionFactory factory, Duration acquireTimeout, Supplier<Dialect> dialect) {
        this.factory = factory;
        this.creator = factory;
        this.acquireTimeout = acquireTimeout;
        this.dialect = dialect;
    }

    /** @return the connection factory */
    ConnectionFactory factory() {
        return factory;
    }

    /**
     * Wraps the factory connections are taken from (the {@link #factory()} stays the same instance: a Spring
     * transaction is still recognised by it). Later wrappers wrap earlier ones.
     */
    synchronized void wrap(UnaryOperator<ConnectionFactory> wrapper) {
        creator = Objects.requireNonNull(wrapper.apply(creator), "a connection factory wrapper returned null");
    }

    /**
     * Takes a usable connection within the acquire timeout. An attempt that meets a dead or hung connection (the pool
     * validates each before handing it out, and drops one that fails) or a refused connect is tried again at once a
     * few times, then with a growing pause, until the timeout: a borrow skips every dead idle connection, and a server
     * that restarts within the timeout costs a wait, not an error. Other errors (a wrong password) end it at once.
     *
     * @return the connection; {@link dev.r2orm.ConnectionUnavailableException} when none could be had in time
     */
    Mono<Connection> acquire() {
        return Mono.defer(() -> {
            AtomicReference<@Nullable Throwable> last = new AtomicReference<>();
            Flux<Connection> attempts = attempt(0, last).flux();
            return Mono.fromDirect(StatementGuard.guard(attempts, acquireTimeout,
                            () -> new TimeoutException("no connection within " + acquireTimeout), () -> { }, null))
                    // a connection that arrives once the wait is over goes back to the pool
                    .doOnDiscard(Connection.class,
                            c -> closeInBackground(c, "a connection that came after the acquire timeout"))
                    .onErrorMap(e -> {
                        Throwable cause = e instanceof TimeoutException && last.get() != null ? last.get() : e;
                        return cause instanceof R2dbcTimeoutException || worthAnotherAttempt(cause)
                                ? Faults.unavailable(cause, acquireTimeout)
                                : Faults.statement(cause, "(connect)", dialect.get(), false);
                    });
        });
    }

    /**
     * One attempt to take a connection; a failure worth another attempt starts the next, at once for the first
     * {@link #QUICK_ATTEMPTS}, then after a growing pause. The caller bounds the whole by the acquire timeout. A
     * successful first attempt costs one operator.
     */
    private Mono<Connection> attempt(long n, AtomicReference<@Nullable Throwable> last) {
        return Mono.<Connection>from(creator.create()).onErrorResume(e -> {
            last.set(e);
            if (!worthAnotherAttempt(e)) {
                return Mono.error(e);
            }
            Mono<Connection> next = Mono.defer(() -> attempt(n + 1, last));
            return n < QUICK_ATTEMPTS ? next
                    : Mono.delay(Duration.ofMillis(Math.min(500, 25L << Math.min(5, n - QUICK_ATTEMPTS)))).then(next);
        });
    }

    /** Whether a failed attempt is a connection fault that another attempt may get past. */
    private boolean worthAnotherAttempt(Throwable e) {
        if (e instanceof R2dbcTimeoutException) {
            String m = e.getMessage();
            return m == null || !m.startsWith("Connection acquisition timed out"); // a validation that hung
        }
        return e instanceof TimeoutException || Faults.isConnectionFault(e, dialect.get());
    }

    /**
     * Gives a connection back after its work failed. A connection that was lost or timed out is released in the
     * background: its driver may still wait for the server's answer to the abandoned statement, and the caller's
     * error must not wait with it.
     *
     * @param c the connection
     * @param error the work's error
     * @return completes when the caller may go on
     */
    static Publisher<Void> release(Connection c, Throwable error) {
        if (error instanceof ConnectionLostException) {
            closeInBackground(c, "a connection given back after it was lost");
            return Mono.empty();
        }
        return c.close();
    }

    /**
     * Closes the session under a pooled connection at once (see {@link Dialect#forceClose}), so that the pool's
     * validation drops it instead of reusing it, and whatever waited on it fails. Never fails and waits at most a
     * second.
     *
     * @param c the pooled connection
     * @return completes when the session is closed or given up on
     */
    Mono<Void> discard(Connection c) {
        Connection session = session(c);
        if (session == null) {
            return Mono.empty();
        }
        return dialect.get().forceClose(session).timeout(DISCARD_WAIT).onErrorResume(e -> {
            LOG.debug("closing a broken connection's session failed; the pool drops it on validation", e);
            return Mono.empty();
        });
    }

    /**
     * Gives up a connection whose statement timed out, in the background: its socket is closed at once (see
     * {@link #discard}), and the statement is cancelled on the server (see {@link Dialect#cancelStatement}), which
     * would otherwise run it to its end, holding its locks, after the client left. Both are bounded; their failures
     * are logged at debug.
     *
     * @param c the pooled connection
     */
    void abandon(Connection c) {
        Connection session = session(c);
        if (session != null) {
            dialect.get().cancelStatement(session, unpooled(c)).timeout(CANCEL_WAIT)
                    .subscribe(null, e -> LOG.debug("cancelling a timed-out statement on the server failed", e));
        }
        discard(c).subscribe();
    }

    /** @return the driver's connection under a pooled one, or null when {@code c} wraps none */
    private static @Nullable Connection session(Connection c) {
        Object inner = c instanceof io.r2dbc.spi.Wrapped<?> w ? w.unwrap() : null;
        return inner instanceof Connection session && session != c ? session : null;
    }

    /** @return the factory under the pool: connections outside it, for a cancel sent on a connection of its own */
    private ConnectionFactory unpooled(Connection c) {
        ConnectionFactory origin = creator instanceof ConnectionOrigin routed ? routed.originOf(c) : null;
        ConnectionFactory f = origin != null ? origin : factory;
        return f instanceof io.r2dbc.pool.ConnectionPool pool ? pool.unwrap() : f;
    }

    /**
     * Gives a connection back after its work was cancelled. The drivers read a cancelled statement's answer to its end
     * before the next one, so the connection goes back once it answers a validation; when it does not within the
     * dialect's grace, the statement is cancelled on the server ({@link Dialect#cancelStatement}), and a connection
     * that still does not answer within {@code wait} is discarded: a pooled connection is never held longer than a
     * statement may take.
     *
     * @param c the connection
     * @param wait the longest wait for the connection to be free again: the statement timeout
     * @return completes when the connection is back in the pool
     */
    Mono<Void> releaseAfterCancel(Connection c, Duration wait) {
        Connection session = session(c);
        if (session == null) {
            return Mono.from(c.close());
        }
        return Mono.defer(() -> {
            Dialect d = dialect.get();
            Duration grace = d.cancelGrace();
            Mono<Void> cancel = d.cancelStatement(session, unpooled(c)).onErrorResume(e -> {
                LOG.debug("cancelling a statement on the server failed", e);
                return Mono.empty();
            });
            Mono<Boolean> answered;
            if (grace.isZero()) {
                answered = cancel.then(Mono.from(c.validate(ValidationDepth.REMOTE)));
            } else {
                CompletableFuture<Boolean> valid = Mono.from(c.validate(ValidationDepth.REMOTE)).onErrorReturn(false)
                        .toFuture();
                Mono<Boolean> answer = Mono.fromFuture(valid, true);
                answered = answer.timeout(grace).onErrorResume(TimeoutException.class, e -> cancel.then(answer));
            }
            answered = answered.timeout(wait);
            return answered.onErrorReturn(false)
                    .flatMap(ok -> ok ? Mono.<Void>empty() : discard(c))
                    .then(Mono.from(c.close()));
        });
    }

    /**
     * Closes a connection without waiting for it; a failure is logged at debug (category {@code dev.r2orm.pool}).
     *
     * @param c the connection
     * @param what which connection, for the log
     */
    public static void closeInBackground(Connection c, String what) {
        Mono.from(c.close()).subscribe(null, e -> LOG.debug("closing {} failed", what, e));
    }
}
