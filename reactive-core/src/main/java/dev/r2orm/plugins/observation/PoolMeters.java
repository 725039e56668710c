package dev.r2orm.plugins.observation;

import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The connection pool's gauges under Spring Boot's names, tagged {@code name=<pool name>}:
 * {@code r2dbc.pool.acquired} (connections in use), {@code r2dbc.pool.idle}, {@code r2dbc.pool.pending} (borrowers
 * waiting), {@code r2dbc.pool.allocated} and {@code r2dbc.pool.max.allocated}. A database without a pool of its own
 * (opened on a factory that is not a pool) reports nothing.
 *
 * <pre>{@code
 * PoolMeters.of(db, "orders").bindTo(meterRegistry);
 * }</pre>
 *
 * <p>The gauges read {@link Db#poolStatus()} when the registry is scraped; they hold the database weakly.
 */
public final class PoolMeters implements MeterBinder {

    private final Db db;
    private final String name;

    private PoolMeters(Db db, String name) {
        this.db = db;
        this.name = name;
    }

    /**
     * Gauges of a database's pool.
     *
     * @param db the database
     * @param name the pool's name, the value of the {@code name} tag
     * @return the binder
     */
    public static PoolMeters of(Db db, String name) {
        Objects.requireNonNull(db, "db must not be null");
        Objects.requireNonNull(name, "name must not be null");
        return new PoolMeters(db, name);
    }

    /** Registers the gauges; nothing when the database has no pool of its own. */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (db.poolStatus().isEmpty()) {
            return;
        }
        Tags tags = Tags.of("name", name);
        gauge(registry, "r2dbc.pool.acquired", "connections lent out and in use", tags, PoolStatus::acquired);
        gauge(registry, "r2dbc.pool.idle", "connections open and waiting in the pool", tags, PoolStatus::idle);
        gauge(registry, "r2dbc.pool.pending", "borrowers waiting for a connection", tags, PoolStatus::pending);
        gauge(registry, "r2dbc.pool.allocated", "connections open, in use or idle", tags, PoolStatus::allocated);
        gauge(registry, "r2dbc.pool.max.allocated", "the most connections the pool opens", tags, PoolStatus::maxSize);
    }

    private void gauge(MeterRegistry registry, String meter, String description, Tags tags,
            ToIntFunction<PoolStatus> value) {
        Gauge.builder(meter, db, d -> d.poolStatus().map(value::applyAsInt).orElse(0))
                .description(description).tags(tags).register(registry);
    }
}
