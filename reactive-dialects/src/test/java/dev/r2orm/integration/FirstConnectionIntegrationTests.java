package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A {@code Db}'s first connection is checked before it is lent (the dialect's set-up check): a caller that cancels
 * while that check runs leaves no connection behind (the pool takes back a borrow cancelled before it was used), and
 * the next caller checks again.
 */
class FirstConnectionIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @DatabaseTest
    void aCancelDuringTheFirstConnectionsCheckReleasesTheConnection(Db db, TestDatabase target, TestUrl url) {
        AtomicInteger checks = new AtomicInteger();
        Mono<Void> hangOnce = Mono.never();
        Dialect hanging = checkedBy(db.dialect(), c -> checks.incrementAndGet() == 1 ? hangOnce : null);
        Db fresh = Db.open(url.value(), target.configure(Config.builder().dialect(hanging).maxPoolSize(1)
                .acquireTimeout(Duration.ofSeconds(5))).build());
        try {
            StepVerifier.create(fresh.raw("SELECT 1").scan(Integer.class))
                    .thenAwait(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(checks).as("the first connection's check ran").hasValue(1);
            Pools.awaitIdle(fresh, Duration.ofSeconds(5));

            StepVerifier.create(fresh.raw("SELECT 1").scan(Integer.class))
                    .expectNext(1)
                    .verifyComplete();
            assertThat(checks).as("the check runs again, as no connection passed it").hasValue(2);
            Pools.awaitIdle(fresh, Duration.ofSeconds(5));
        } finally {
            fresh.close();
        }
    }

    /** The dialect, with its check (after refinement too) replaced where {@code check} gives a result. */
    private static Dialect checkedBy(Dialect real, java.util.function.Function<Object, Mono<Void>> check) {
        return (Dialect) Proxy.newProxyInstance(Dialect.class.getClassLoader(), new Class<?>[] {Dialect.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("check")) {
                        Mono<Void> replaced = check.apply(args[0]);
                        if (replaced != null) {
                            return replaced;
                        }
                    }
                    try {
                        Object result = method.invoke(real, args);
                        return method.getName().equals("refine") ? checkedBy((Dialect) result, check) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
