package dev.r2orm.plugins.resolver;

import dev.r2orm.dialect.ConnectionOrigin;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The connection factory the resolver puts in place of the database's pool: it serves each borrow from the source or
 * a replica of the {@link Route} in the borrower's Reactor context (the pool itself when there is none). A replica
 * that fails to give a connection within the failover timeout is left out and the next one tried, then the source.
 */
final class Router implements ConnectionFactory, ConnectionOrigin {

    private final ConnectionFactory pool;
    private final Duration failover;
    private final long retryAfterNanos;
    private final Map<Connection, ConnectionFactory> origins = Collections.synchronizedMap(new WeakHashMap<>());

    Router(ConnectionFactory pool, Duration failover, Duration retryAfter) {
        this.pool = pool;
        this.failover = failover;
        this.retryAfterNanos = retryAfter.toNanos();
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.deferContextual(ctx -> {
            Route route = ctx.getOrDefault(Route.KEY, null);
            if (route == null) {
                return Mono.from(pool.create());
            }
            return route.read() ? read(route.group(), List.of()) : write(route.group());
        });
    }

    private Mono<Connection> read(Group group, List<Target> tried) {
        List<Target> usable = group.usableReplicas(tried);
        if (usable.isEmpty()) {
            return write(group);
        }
        Target t = usable.get(Math.floorMod(group.policy.choose(usable.size()), usable.size()));
        List<Target> next = new ArrayList<>(tried);
        next.add(t);
        return Mono.<Connection>from(t.factory.create())
                .timeout(failover)
                .doOnNext(c -> {
                    t.up();
                    origins.put(c, t.factory);
                })
                .doOnCancel(() -> t.retryLater(retryAfterNanos))
                .onErrorResume(e -> {
                    if (e instanceof TimeoutException && busy(t.factory)) {
                        t.retryLater(0); // every connection of it is lent out: not a fault, but no wait either
                    } else {
                        t.down(e, retryAfterNanos);
                    }
                    return read(group, next);
                });
    }

    /** Whether a pool has lent out every connection it may open. */
    private static boolean busy(ConnectionFactory factory) {
        return factory instanceof ConnectionPool p && p.getMetrics()
                .map(m -> m.acquiredSize() >= m.getMaxAllocatedSize()).orElse(false);
    }

    private Mono<Connection> write(Group group) {
        if (group.sources.isEmpty()) {
            return Mono.from(pool.create());
        }
        Target t = group.sources.get(Math.floorMod(group.policy.choose(group.sources.size()), group.sources.size()));
        return Mono.<Connection>from(t.factory.create()).doOnNext(c -> origins.put(c, t.factory));
    }

    @Override
    public @Nullable ConnectionFactory originOf(Connection connection) {
        return origins.get(connection);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }
}
