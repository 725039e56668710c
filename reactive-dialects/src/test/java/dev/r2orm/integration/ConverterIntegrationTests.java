package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.schema.Converter;
import dev.r2orm.schema.JsonConverter;
import dev.r2orm.schema.UnixTimeConverter;
import dev.r2orm.testkit.DatabaseTest;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class ConverterIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A value type stored as cents. */
    record Money(long cents) {
    }

    static final class MoneyConverter implements Converter<Money, Long> {
        @Override
        public Class<Long> storedType() {
            return Long.class;
        }

        @Override
        public Long toDatabase(Money value) {
            return value.cents();
        }

        @Override
        public Money fromDatabase(Long value, Type javaType) {
            return new Money(value);
        }
    }

    static class Profile {
        Long id;
        @Serializer(JsonConverter.class)
        Map<String, Object> settings;
        @Serializer(JsonConverter.class)
        List<String> tags;
        @Serializer(UnixTimeConverter.class)
        Instant seenAt;
        @Serializer(MoneyConverter.class)
        Money balance;
    }

    @DatabaseTest
    void convertedFieldsAreWrittenReadAndMatched(Db db) {
        db.migrator().autoMigrate(Profile.class).block(TIMEOUT);
        Profile p = new Profile();
        p.settings = Map.of("theme", "dark", "size", 12);
        p.tags = List.of("a", "b");
        p.seenAt = Instant.ofEpochSecond(1_700_000_000L);
        p.balance = new Money(1_250);
        db.create(p).block(TIMEOUT);

        StepVerifier.create(db.model(Profile.class).first(p.id))
                .assertNext(r -> {
                    assertThat(r.settings).containsEntry("theme", "dark").containsEntry("size", 12);
                    assertThat(r.tags).containsExactly("a", "b");
                    assertThat(r.seenAt).isEqualTo(p.seenAt);
                    assertThat(r.balance).isEqualTo(new Money(1_250));
                })
                .verifyComplete();
        StepVerifier.create(db.raw("SELECT seen_at FROM profiles").scan(Long.class)).expectNext(1_700_000_000L)
                .verifyComplete();
        StepVerifier.create(db.model(Profile.class).where(Map.of("balance", new Money(1_250))).count()).expectNext(1L)
                .verifyComplete();

        StepVerifier.create(db.model(p).updates(Map.of("tags", List.of("c")))).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Profile.class).first(p.id).map(r -> r.tags)).expectNext(List.of("c"))
                .verifyComplete();
    }
}
