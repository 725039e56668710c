package dev.r2orm;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** A connection factory for tests that must never connect: every connection attempt fails. */
public final class NoDatabase implements ConnectionFactory {

    /** The shared instance. */
    public static final NoDatabase INSTANCE = new NoDatabase();

    private NoDatabase() {
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.error(new IllegalStateException("no database in this test"));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return () -> "none";
    }
}
