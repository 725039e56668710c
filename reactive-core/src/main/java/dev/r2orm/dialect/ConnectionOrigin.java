package dev.r2orm.dialect;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Implemented by a connection factory that hands out connections of several servers (a plugin's wrapper that routes
 * reads to replicas): it tells which factory made a connection, so that cancelling that connection's statement
 * ({@link Dialect#cancelStatement}, which on MySQL and MariaDB opens a connection of its own to send
 * {@code KILL QUERY}) reaches the server the statement runs on.
 */
public interface ConnectionOrigin {

    /**
     * The factory a connection came from.
     *
     * @param connection a connection this factory handed out
     * @return its factory (a pool, or the driver's factory), or null for the factory this one wraps
     */
    @Nullable ConnectionFactory originOf(Connection connection);
}
