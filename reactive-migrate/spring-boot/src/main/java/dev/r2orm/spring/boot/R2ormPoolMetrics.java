package dev.r2orm.spring.boot;

import dev.r2orm.Db;
import dev.r2orm.plugins.observation.PoolMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;

/**
 * Gauges of the pool r2orm made itself, under Spring Boot's names for R2DBC pools ({@code r2dbc.pool.acquired},
 * {@code .idle}, {@code .pending}, {@code .allocated}, {@code .max.allocated}) with the tag {@code name=r2orm}. A pool
 * that is the application's {@code ConnectionFactory} bean is measured by Spring Boot itself, under the bean's name.
 */
public final class R2ormPoolMetrics implements MeterBinder {

    private final Db db;
    private final List<ConnectionFactory> beans;

    /**
     * Creates the binder.
     *
     * @param db the database whose pool is measured
     * @param beans the application's connection factory beans: a pool among them is not measured here
     */
    public R2ormPoolMetrics(Db db, List<ConnectionFactory> beans) {
        this.db = db;
        this.beans = List.copyOf(beans);
    }

    /**
     * Registers the gauges, unless the pool is one of the application's beans.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (beans.stream().anyMatch(bean -> bean == db.connectionFactory())) {
            return;
        }
        PoolMeters.of(db, "r2orm").bindTo(registry);
    }
}
