package dev.r2orm.plugins.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ResolverTest {

    @Test
    void roundRobinGivesEveryCandidateItsTurnUnderConcurrency() throws InterruptedException {
        Policy policy = Policy.roundRobin();
        AtomicIntegerArray hits = new AtomicIntegerArray(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 30_000; i++) {
                    hits.incrementAndGet(policy.choose(3));
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hits.get(0)).isEqualTo(80_000);
        assertThat(hits.get(1)).isEqualTo(80_000);
        assertThat(hits.get(2)).isEqualTo(80_000);
    }

    @Test
    void roundRobinStaysInRangeWhenItsCounterWraps() throws Exception {
        Policy policy = Policy.roundRobin();
        java.lang.reflect.Field counter = null;
        for (java.lang.reflect.Field f : policy.getClass().getDeclaredFields()) {
            if (f.getType() == java.util.concurrent.atomic.AtomicInteger.class) {
                counter = f;
            }
        }
        assertThat(counter).as("the lambda's captured counter").isNotNull();
        counter.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicInteger) counter.get(policy)).set(Integer.MAX_VALUE - 2);
        for (int i = 0; i < 10; i++) {
            assertThat(policy.choose(3)).isBetween(0, 2);
        }
    }

    @Test
    void randomStaysInRange() {
        Policy policy = Policy.random();
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.choose(4)).isBetween(0, 3);
        }
        assertThat(policy.choose(1)).isZero();
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> Resolver.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Resolver needs at least one replica or source");
        assertThatThrownBy(() -> Resolver.builder().replicas("r2dbc:h2:mem:///a")
                .group("a", g -> g.replicas("r2dbc:h2:mem:///b").tables("events"))
                .group("b", g -> g.replicas("r2dbc:h2:mem:///c").tables("EVENTS")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("table events is in groups a and b");
        assertThatThrownBy(() -> Resolver.builder().readYourWrites(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("readYourWrites must be positive, was PT0S");
        assertThatThrownBy(() -> Resolver.builder().replicas((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("a source or replica must not be null");
        assertThatThrownBy(() -> Resolver.use(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("group must not be null");
    }

    @Test
    void urlsAreLoggedWithoutTheirPassword() {
        assertThat(Redacted.url("r2dbc:postgresql://app:s3cret@db:5432/app")).isEqualTo(
                "r2dbc:postgresql://app:***@db:5432/app");
        assertThat(Redacted.url("r2dbc:postgresql://app@db/app")).isEqualTo("r2dbc:postgresql://app@db/app");
        assertThat(Redacted.url("r2dbc:h2:mem:///x")).isEqualTo("r2dbc:h2:mem:///x");
    }
}
