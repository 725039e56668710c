package dev.r2orm.dialect.mysql;

import io.r2dbc.spi.Connection;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Closes an r2dbc-mysql connection at once. The driver's {@code close()} queues its goodbye behind the statements in
 * flight, so on a silent server it never ends; its client has a forced close (the socket is closed, and the statements
 * waiting on it fail), reached here by reflection because the driver does not publish it. Another driver's connection,
 * or a driver whose layout differs, is closed the usual way.
 */
final class MySqlSessions {

    private static final String CONNECTION = "io.asyncer.r2dbc.mysql.MySqlSimpleConnection";

    private static final @Nullable Field CLIENT = clientField();
    private static final @Nullable Method FORCE_CLOSE = CLIENT == null ? null : forceCloseMethod(CLIENT.getType());

    private MySqlSessions() {
    }

    /**
     * Closes the connection's socket without waiting for the server.
     *
     * @param connection the driver's connection
     * @return completes when the socket is closed; errors when closing failed
     */
    static Mono<Void> forceClose(Connection connection) {
        Field client = CLIENT;
        Method forceClose = FORCE_CLOSE;
        if (client == null || forceClose == null || !connection.getClass().getName().equals(CONNECTION)) {
            return Mono.from(connection.close());
        }
        return Mono.defer(() -> {
            try {
                return Mono.from((Publisher<?>) forceClose.invoke(client.get(connection))).then();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Mono.from(connection.close());
            }
        });
    }

    private static @Nullable Field clientField() {
        try {
            Field f = Class.forName(CONNECTION, false, MySqlSessions.class.getClassLoader()).getDeclaredField("client");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static @Nullable Method forceCloseMethod(Class<?> client) {
        try {
            Method m = client.getMethod("forceClose");
            m.setAccessible(true);
            return Publisher.class.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
