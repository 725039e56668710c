package dev.r2orm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class LazilyValidatedTest {

    private final List<ValidationDepth> asked = new CopyOnWriteArrayList<>();

    private final ConnectionFactory driver = new ConnectionFactory() {
        @Override
        public Mono<Connection> create() {
            return Mono.just((Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("validate")) {
                            asked.add((ValidationDepth) args[0]);
                            return Mono.just(true);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "fake";
        }
    };

    @Test
    void aConnectionReturnedWithinTheWindowIsCheckedLocallyAndOthersRemotely() throws InterruptedException {
        LazilyValidated factory = new LazilyValidated(driver, Duration.ofMillis(200));
        Connection c = Mono.from(factory.create()).block();

        Mono.from(c.validate(ValidationDepth.REMOTE)).block();
        LazilyValidated.released(c);
        Mono.from(c.validate(ValidationDepth.REMOTE)).block();
        Mono.from(c.validate(ValidationDepth.LOCAL)).block();
        Thread.sleep(300);
        Mono.from(c.validate(ValidationDepth.REMOTE)).block();

        assertThat(asked).containsExactly(ValidationDepth.REMOTE, ValidationDepth.LOCAL, ValidationDepth.LOCAL,
                ValidationDepth.REMOTE);
        assertThat(((Wrapped<?>) c).unwrap()).isNotSameAs(c);
        assertThat(factory.unwrap()).isSameAs(driver);
    }
}
