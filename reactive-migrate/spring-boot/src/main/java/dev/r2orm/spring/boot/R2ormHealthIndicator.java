package dev.r2orm.spring.boot;

import dev.r2orm.Db;
import dev.r2orm.PoolStatus;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The health of r2orm's database ({@code r2orm} in {@code /actuator/health}): UP when {@code SELECT 1} answers within
 * the timeout, DOWN with the error otherwise; the details name the database and the pool's acquired, idle, pending
 * and maximum connections. Cancelling the check gives its connection back.
 */
public final class R2ormHealthIndicator implements ReactiveHealthIndicator {

    private final Db db;
    private final Duration timeout;

    /**
     * Creates the indicator.
     *
     * @param db the database
     * @param timeout how long the check waits for the database
     */
    public R2ormHealthIndicator(Db db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    /**
     * Checks the database.
     *
     * @return the health; never an error signal
     */
    @Override
    public Mono<Health> health() {
        return db.raw("SELECT 1").scan(Integer.class).single().timeout(timeout)
                .map(one -> details(Health.up()).build())
                .onErrorResume(e -> Mono.just(details(Health.down(e)).build()));
    }

    private Health.Builder details(Health.Builder health) {
        health.withDetail("database", db.dialect().name());
        db.poolStatus().ifPresent((PoolStatus pool) -> health.withDetail("acquired", pool.acquired())
                .withDetail("idle", pool.idle()).withDetail("pending", pool.pending())
                .withDetail("max", pool.maxSize()));
        return health;
    }
}
