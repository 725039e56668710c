package dev.r2orm.dialect.mysql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What r2dbc-mysql does not publish, reached by reflection: its client's forced close (the driver's {@code close()}
 * queues its goodbye behind the statements in flight, so on a silent server it never ends; the forced one closes the
 * socket, and the statements waiting on it fail), and the connection's id, for {@code KILL QUERY}. Another driver's
 * connection, or a driver whose layout differs, is closed the usual way and not killed.
 */
final class MySqlSessions {

    private static final String CONNECTION = "io.asyncer.r2dbc.mysql.MySqlSimpleConnection";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.pool");

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
                LOG.debug("r2dbc-mysql's client did not take a forced close; closing the connection politely", e);
                return Mono.from(connection.close());
            }
        });
    }

    /**
     * Stops the statement running on a connection with {@code KILL QUERY}, sent on a new connection of the factory,
     * closed afterwards.
     *
     * @param connection the driver's connection
     * @param factory opens the connection the kill is sent on
     * @return completes once the server took the kill; nothing is sent when the connection's id cannot be read
     */
    static Mono<Void> killQuery(Connection connection, ConnectionFactory factory) {
        Field client = CLIENT;
        if (client == null || !connection.getClass().getName().equals(CONNECTION)) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            long id;
            try {
                Object c = client.get(connection);
                Object context = client.getType().getMethod("getContext").invoke(c); // the class itself is not public
                id = ((Number) context.getClass().getMethod("getConnectionId").invoke(context)).longValue();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("the connection id of an r2dbc-mysql connection could not be read; no KILL QUERY sent", e);
                return Mono.empty();
            }
            // the id is a number read from the driver, never a caller's value
            return Mono.usingWhen(factory.create(),
                    killer -> Flux.from(killer.createStatement("KILL QUERY " + id).execute())
                            .concatMap(Result::getRowsUpdated).then(),
                    Connection::close, (killer, e) -> killer.close(), Connection::close);
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
