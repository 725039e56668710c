package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.testkit.DatabaseTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import reactor.test.StepVerifier;

/**
 * Every value type a model may hold is written and read back unchanged, on tables AutoMigrate made, and every key type
 * identifies its row: generated integer keys come back in the entity, keys the application sets are found again.
 */
class TypeRoundTripIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("round_trips")
    static class Values {
        Long id;
        UUID uuid;
        @Column(precision = 12, scale = 4)
        BigDecimal amount;
        OffsetDateTime at;
        LocalDate onDay;
        Duration span;
        byte[] blob;
    }

    @DatabaseTest
    void valuesComeBackAsTheyWereWritten(Db db) {
        db.migrator().autoMigrate(Values.class).block(TIMEOUT);
        Values v = new Values();
        v.uuid = UUID.fromString("6f1c1b7e-3a52-4c8e-9f55-0e7c2a1d9b10");
        v.amount = new BigDecimal("-12345678.0105");
        v.at = OffsetDateTime.of(2026, 12, 5, 10, 30, 15, 123_456_000, ZoneOffset.ofHours(2));
        v.onDay = LocalDate.of(1999, 12, 31);
        v.span = Duration.ofHours(25).plusMinutes(3).plusNanos(250_000_000);
        v.blob = new byte[] {0, 1, (byte) 0xff, 42};
        Values nulls = new Values();
        db.createAll(List.of(v, nulls)).blockLast(TIMEOUT);

        StepVerifier.create(db.model(Values.class).first(v.id))
                .assertNext(r -> {
                    assertThat(r.uuid).isEqualTo(v.uuid);
                    assertThat(r.amount).isEqualByComparingTo(v.amount);
                    assertThat(r.at).isAtSameInstantAs(v.at);
                    assertThat(r.onDay).isEqualTo(v.onDay);
                    assertThat(r.span).isEqualTo(v.span);
                    assertThat(r.blob).containsExactly(0, 1, 0xff, 42);
                })
                .verifyComplete();
        StepVerifier.create(db.model(Values.class).first(nulls.id))
                .assertNext(r -> {
                    assertThat(r.uuid).isNull();
                    assertThat(r.amount).isNull();
                    assertThat(r.at).isNull();
                    assertThat(r.onDay).isNull();
                    assertThat(r.span).isNull();
                    assertThat(r.blob).isNull();
                })
                .verifyComplete();
        StepVerifier.create(db.model(Values.class).where("uuid = ? AND on_day = ? AND span = ?", v.uuid, v.onDay, v.span)
                        .count())
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.migrator().plan(Values.class)).assertNext(p -> assertThat(p.changes()).isEmpty())
                .verifyComplete();
    }

    @Table("int_keys")
    static class IntKey {
        Integer id;
        String name;
    }

    @Table("long_keys")
    static class LongKey {
        Long id;
        String name;
    }

    @Table("short_keys")
    static class ShortKey {
        Short id;
        String name;
    }

    @Table("uuid_keys")
    static class UuidKey {
        @PrimaryKey
        UUID id;
        String name;
    }

    @Table("string_keys")
    static class StringKey {
        @PrimaryKey
        @Column(size = 20)
        String code;
        String name;
    }

    @DatabaseTest
    void everyKeyTypeIsGeneratedOrKeptAndFindsItsRow(Db db) {
        db.migrator().autoMigrate(IntKey.class, LongKey.class, ShortKey.class, UuidKey.class, StringKey.class)
                .block(TIMEOUT);
        IntKey i1 = new IntKey();
        i1.name = "one";
        IntKey i2 = new IntKey();
        i2.name = "two";
        db.create(i1).block(TIMEOUT);
        db.createAll(List.of(i2)).blockLast(TIMEOUT);
        assertThat(i1.id).isPositive();
        assertThat(i2.id).isGreaterThan(i1.id);
        StepVerifier.create(db.model(IntKey.class).first(i2.id).map(r -> r.name)).expectNext("two").verifyComplete();

        LongKey l = new LongKey();
        l.name = "long";
        db.create(l).block(TIMEOUT);
        StepVerifier.create(db.model(LongKey.class).first(l.id).map(r -> r.name)).expectNext("long")
                .verifyComplete();

        ShortKey s1 = new ShortKey();
        s1.name = "short";
        ShortKey s2 = new ShortKey();
        s2.name = "shorter";
        db.createAll(List.of(s1, s2)).blockLast(TIMEOUT);
        assertThat(s2.id).isEqualTo((short) (s1.id + 1));
        StepVerifier.create(db.model(ShortKey.class).first(s2.id).map(r -> r.name)).expectNext("shorter")
                .verifyComplete();

        UuidKey u = new UuidKey();
        u.id = UUID.randomUUID();
        u.name = "uuid";
        db.create(u).block(TIMEOUT);
        StepVerifier.create(db.model(UuidKey.class).first(u.id).map(r -> r.id)).expectNext(u.id).verifyComplete();
        u.name = "renamed";
        StepVerifier.create(db.save(u)).expectNextCount(1).verifyComplete();
        StepVerifier.create(db.model(UuidKey.class).find(List.of(u.id)).map(r -> r.name)).expectNext("renamed")
                .verifyComplete();

        StringKey k = new StringKey();
        k.code = "PG-13";
        k.name = "string";
        db.create(k).block(TIMEOUT);
        StepVerifier.create(db.model(StringKey.class).first("PG-13").map(r -> r.name)).expectNext("string")
                .verifyComplete();
        StepVerifier.create(db.delete(k)).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(StringKey.class).count()).expectNext(0L).verifyComplete();
    }
}
