package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a primary key field. Without it, a field named {@code id} is the primary key. Put it on several fields for a
 * composite key; their order of declaration is the key's order.
 *
 * <p>A single integer primary key is auto-increment unless {@link #autoIncrement()} is {@code false}: it is left out
 * of an {@code INSERT} while unset (null or 0) and back-filled from the database afterwards. The fields of a composite
 * key are never auto-increment: the caller sets every part.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface PrimaryKey {

    /**
     * Whether the database generates this key. Ignored for non-integer types and for composite keys.
     *
     * @return {@code true} (the default) to let the database generate an integer key
     */
    boolean autoIncrement() default true;
}
