package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns on soft delete with this nullable time field ({@code Instant}, {@code LocalDateTime} or
 * {@code OffsetDateTime}): a delete sets it to the current time instead of removing the row, and every query, update
 * and delete skips rows where it is set, unless the query is {@code unscoped()}. A field named {@code deletedAt} of
 * such a type does this without the annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface SoftDelete {
}
