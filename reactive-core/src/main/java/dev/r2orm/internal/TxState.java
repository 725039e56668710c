package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open transaction: its connection, whether it has ended, and the counter that names its savepoints. Travels in
 * the Reactor context of the work that runs in it.
 */
public final class TxState {

    private final Connection connection;
    private final AtomicInteger savepoints = new AtomicInteger();
    private volatile boolean closed;

    TxState(Connection connection) {
        this.connection = connection;
    }

    /** @return the transaction's connection */
    public Connection connection() {
        return connection;
    }

    /** @return whether the transaction was committed or rolled back */
    public boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** @return a savepoint name unique in this transaction */
    String nextSavepoint() {
        return "r2orm_sp_" + savepoints.incrementAndGet();
    }
}
