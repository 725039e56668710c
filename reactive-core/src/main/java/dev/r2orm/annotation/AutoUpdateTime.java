package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Sets the field to the current time when the row is created or updated (as {@code updatedAt} is by convention), unless the update is an {@code updateColumns}. Several fields may carry it.
 *
 * <p>On a time field ({@code Instant}, {@code LocalDateTime}, {@code OffsetDateTime}) the time is stored to the
 * microsecond; on an integer field ({@code long}, {@code Long}, {@code int}, {@code Integer}) it is the time since the
 * epoch in {@link #unit()}: {@code @AutoUpdateTime(unit = TimeUnit.MILLISECONDS) long at;} is GORM's
 * {@code autoCreateTime:milli}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface AutoUpdateTime {

    /**
     * The unit of an integer field: {@code SECONDS} (the default), {@code MILLISECONDS} or {@code NANOSECONDS}.
     *
     * @return the unit
     */
    TimeUnit unit() default TimeUnit.SECONDS;
}
