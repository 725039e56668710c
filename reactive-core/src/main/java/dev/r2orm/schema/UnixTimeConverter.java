package dev.r2orm.schema;

import java.lang.reflect.Type;
import java.time.Instant;

/** Stores an {@link Instant} as seconds since the epoch in a {@code bigint} column (GORM's {@code serializer:unixtime}). */
public final class UnixTimeConverter implements Converter<Instant, Long> {

    /** Creates the converter. */
    public UnixTimeConverter() {
    }

    @Override
    public Class<Long> storedType() {
        return Long.class;
    }

    @Override
    public Long toDatabase(Instant value) {
        return value.getEpochSecond();
    }

    @Override
    public Instant fromDatabase(Long value, Type javaType) {
        return Instant.ofEpochSecond(value);
    }
}
