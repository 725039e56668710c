package dev.r2orm.internal;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection factory for a pool that validates with the server ({@link ValidationDepth#REMOTE}) only the connections
 * that may have gone stale: those idle for longer than a window since they were last returned. A connection used
 * within the window is checked locally (its socket is open), which saves a round trip on every borrow of a busy pool.
 * The pool must report returns through {@link #released(Connection)} (its pre-release hook).
 */
public final class LazilyValidated implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private final ConnectionFactory factory;
    private final long windowNanos;

    /**
     * Wraps a factory.
     *
     * @param factory the driver's factory
     * @param window how long after its return a connection is trusted without a round trip
     */
    public LazilyValidated(ConnectionFactory factory, Duration window) {
        this.factory = factory;
        this.windowNanos = window.toNanos();
    }

    /**
     * Notes that the pool takes a connection back now.
     *
     * @param connection the connection the pool holds (one this factory made)
     */
    public static void released(Connection connection) {
        if (connection instanceof Tracked t) {
            t.releasedAt = System.nanoTime();
            t.returned = true;
        }
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.from(factory.create()).map(Tracked::new);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return factory.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return factory;
    }

    @Override
    public String toString() {
        return "LazilyValidated[" + factory + "]";
    }

    /** A driver connection that knows when the pool last took it back. */
    private final class Tracked implements Connection, Wrapped<Connection> {

        private final Connection delegate;
        volatile long releasedAt;
        volatile boolean returned;

        Tracked(Connection delegate) {
            this.delegate = delegate;
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            boolean recent = returned && System.nanoTime() - releasedAt < windowNanos;
            return delegate.validate(depth == ValidationDepth.REMOTE && recent ? ValidationDepth.LOCAL : depth);
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return delegate.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return delegate.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> close() {
            return delegate.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return delegate.commitTransaction();
        }

        @Override
        public Batch createBatch() {
            return delegate.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return delegate.createSavepoint(name);
        }

        @Override
        public Statement createStatement(String sql) {
            return delegate.createStatement(sql);
        }

        @Override
        public boolean isAutoCommit() {
            return delegate.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return delegate.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return delegate.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return delegate.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return delegate.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return delegate.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return delegate.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return delegate.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return delegate.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return delegate.setTransactionIsolationLevel(level);
        }

        @Override
        public Connection unwrap() {
            return delegate;
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
