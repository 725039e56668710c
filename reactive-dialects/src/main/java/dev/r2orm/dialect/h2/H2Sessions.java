package dev.r2orm.dialect.h2;

import io.r2dbc.spi.Connection;
import java.lang.reflect.Field;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Cancels the command running in an r2dbc-h2 connection's session. r2dbc-h2 runs a statement on the thread that asked
 * for its rows and offers no cancel; H2's session has one (the command stops at its next check), reached here by
 * reflection because the driver does not publish its session. A connection of another layout is left alone.
 */
final class H2Sessions {

    private static final String CONNECTION = "io.r2dbc.h2.H2Connection";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");

    private static final @Nullable Field CLIENT = clientField();

    /** How many times (1 ms apart) a cancelled command is checked for its end. */
    private static final int ENDED_CHECKS = 5_000;

    private H2Sessions() {
    }

    /**
     * Cancels the session's running command; does nothing when none runs (H2 would otherwise cancel the next one).
     * H2 keeps a cancel that comes as the command ends, without a check left to see it, for the session's next
     * command: once the cancelled command has ended (within a few seconds), the leftover cancel is withdrawn, so the
     * next borrower of the connection does not have its statement cancelled.
     *
     * @param connection the driver's connection
     * @return completes once the cancelled command has ended, or at once when none ran
     */
    static Mono<Void> cancel(Connection connection) {
        Field client = CLIENT;
        if (client == null || !connection.getClass().getName().equals(CONNECTION)) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Object session;
            try {
                Object c = client.get(connection);
                session = c.getClass().getMethod("getSession").invoke(c);
                if (!running(session)) {
                    return Mono.<Void>empty();
                }
                session.getClass().getMethod("cancel").invoke(session);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an H2 of another layout: the connection is closed instead if it stays busy
                LOG.debug("an H2 session could not be cancelled by reflection", e);
                return Mono.<Void>empty();
            }
            return Mono.fromCallable(() -> !running(session)).filter(Boolean::booleanValue)
                    .repeatWhenEmpty(ENDED_CHECKS, checks -> checks.delayElements(Duration.ofMillis(1)))
                    .doOnNext(ended -> withdrawCancel(session))
                    .onErrorResume(e -> {
                        LOG.debug("a cancelled H2 command did not end in time; its connection is checked on release",
                                e);
                        return Mono.empty();
                    })
                    .then();
        });
    }

    private static boolean running(Object session) throws ReflectiveOperationException {
        return session.getClass().getMethod("getCurrentCommand").invoke(session) != null;
    }

    /** Clears a cancel no command saw ({@code SessionLocal.cancelAtNs}); nothing when H2 has no such field. */
    private static void withdrawCancel(Object session) {
        try {
            Field at = session.getClass().getDeclaredField("cancelAtNs");
            at.setAccessible(true);
            at.setLong(session, 0L);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("a leftover H2 cancel could not be withdrawn", e);
        }
    }

    private static @Nullable Field clientField() {
        try {
            Field f = Class.forName(CONNECTION, false, H2Sessions.class.getClassLoader()).getDeclaredField("client");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
