package dev.r2orm.migrator;

import dev.r2orm.Session;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.internal.Executor;
import dev.r2orm.logger.Logger;
import dev.r2orm.schema.NamingStrategy;
import dev.r2orm.schema.SchemaCache;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Migrators that render DDL without a database, for the render tests. */
final class RenderMigrators {

    private static final ConnectionFactory NO_DATABASE = new ConnectionFactory() {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.error(new IllegalStateException("no database in a render test"));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "none";
        }
    };

    private RenderMigrators() {
    }

    /** A migrator of a dialect whose every connection attempt fails. */
    static Migrator of(Dialect dialect) {
        Executor executor = new Executor(NO_DATABASE, dialect, Logger.silent(), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        return new Migrator(executor, new SchemaCache(NamingStrategy.defaults()), Session.DEFAULT, true);
    }
}
