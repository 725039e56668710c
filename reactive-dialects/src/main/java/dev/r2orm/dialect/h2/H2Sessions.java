package dev.r2orm.dialect.h2;

import io.r2dbc.spi.Connection;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
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

    private H2Sessions() {
    }

    /**
     * Cancels the session's running command; does nothing when none runs (H2 would otherwise cancel the next one).
     *
     * @param connection the driver's connection
     * @return completes once asked
     */
    static Mono<Void> cancel(Connection connection) {
        Field client = CLIENT;
        if (client == null || !connection.getClass().getName().equals(CONNECTION)) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> {
            try {
                Object c = client.get(connection);
                Object session = c.getClass().getMethod("getSession").invoke(c);
                Method current = session.getClass().getMethod("getCurrentCommand");
                if (current.invoke(session) != null) {
                    session.getClass().getMethod("cancel").invoke(session);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an H2 of another layout: the connection is closed instead if it stays busy
                LOG.debug("an H2 session could not be cancelled by reflection", e);
            }
        });
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
