package dev.r2orm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How {@code @Version} fields are parsed, and the values they start at and move on to. */
class VersionSchemaTest {

    private static Schema parse(Class<?> type) {
        return Schema.parse(type, NamingStrategy.defaults());
    }

    static class Account {
        Long id;
        @Column(name = "row_version")
        @Version
        Integer rowVersion;
        int version;
    }

    static class Stamped {
        Long id;
        @Version
        Instant updatedAt;
    }

    record Point(Long id, @Version long version) {
    }

    static class TextVersion {
        Long id;
        @Version
        String version;
    }

    static class TwoVersions {
        Long id;
        @Version
        int a;
        @Version
        long b;
    }

    static class KeyVersion {
        @Version
        Long id;
    }

    @Test
    void theAnnotatedFieldIsTheVersionAndAFieldNamedVersionIsNot() {
        Schema s = parse(Account.class);

        assertThat(s.versionField()).isNotNull();
        assertThat(s.versionField().name()).isEqualTo("rowVersion");
        assertThat(s.versionField().column()).isEqualTo("row_version");
        assertThat(s.lookup("version").isVersion()).isFalse();
        assertThat(parse(Point.class).versionField().name()).isEqualTo("version");
    }

    @Test
    void aTimestampVersionIsNotAlsoAnAutoTimeField() {
        Field f = parse(Stamped.class).versionField();

        assertThat(f.isVersion()).isTrue();
        assertThat(f.isAutoUpdateTime()).isFalse();
        assertThat(f.isAutoCreateTime()).isFalse();
    }

    @Test
    void wrongTypesKeysAndTwoVersionsAreRefusedNamingTheFields() {
        assertThatThrownBy(() -> parse(TextVersion.class)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(TextVersion.class.getName()).hasMessageContaining("java.lang.String")
                .hasMessageContaining("Instant");
        assertThatThrownBy(() -> parse(TwoVersions.class)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("two @Version fields, a and b");
        assertThatThrownBy(() -> parse(KeyVersion.class)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("primary key");
    }

    @Test
    void integerVersionsStartAtOneAndAddOneInTheFieldsType() {
        Field boxed = parse(Account.class).versionField();
        Field primitive = parse(Point.class).versionField();
        Instant now = Instant.now();

        assertThat(boxed.initialVersion(now)).isEqualTo(1);
        assertThat(primitive.initialVersion(now)).isEqualTo(1L);
        assertThat(boxed.nextVersion(41, now)).isEqualTo(42);
        assertThat(primitive.nextVersion(41L, now)).isEqualTo(42L);
        assertThat(boxed.nextVersion(null, now)).isNull();
    }

    @Test
    void timestampVersionsAreTheTimeToTheMicrosecondAndAlwaysMoveOn() {
        Field f = parse(Stamped.class).versionField();
        Instant now = Instant.parse("2026-01-02T03:04:05.123456789Z");
        Instant micros = Instant.parse("2026-01-02T03:04:05.123456Z");

        assertThat(f.initialVersion(now)).isEqualTo(micros);
        assertThat(f.nextVersion(micros.minusSeconds(1), now)).isEqualTo(micros);
        assertThat(f.nextVersion(micros, now)).isEqualTo(micros.plusNanos(1000));
        assertThat(f.nextVersion(micros.plusSeconds(5), now)).isEqualTo(micros.plusSeconds(5).plusNanos(1000));
        assertThat(f.nextVersion(null, now)).isEqualTo(micros);
    }

    static class Offsets {
        Long id;
        @Version
        OffsetDateTime at;
    }

    static class Locals {
        Long id;
        @Version
        LocalDateTime at;
    }

    @Test
    void offsetVersionsCompareAsInstantsAndLocalOnesAreUtc() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        Field offsets = parse(Offsets.class).versionField();
        // the same instant in another offset has not moved on
        OffsetDateTime sameInstant = OffsetDateTime.ofInstant(now, ZoneOffset.ofHours(2));

        assertThat(offsets.nextVersion(sameInstant, now)).isEqualTo(sameInstant.plusNanos(1000));
        assertThat(parse(Locals.class).versionField().initialVersion(now))
                .isEqualTo(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
