package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits what r2orm does with a field, as GORM's field permission tags. Every permission defaults to {@code true}:
 *
 * <pre>{@code
 * @Permission(create = false, update = false) String name;   // read-only         (GORM: "->")
 * @Permission(update = false) String code;                   // create-only       (GORM: "<-:create")
 * @Permission(create = false) String note;                   // update-only       (GORM: "<-:update")
 * @Permission(read = false) String secret;                   // written, never read back (GORM: "->:false")
 * }</pre>
 *
 * <p>The column is still created by the migrator; use {@link Ignore} to leave a field out entirely.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Permission {

    /**
     * Whether the field is read from query results.
     *
     * @return {@code false} to leave it unset when reading
     */
    boolean read() default true;

    /**
     * Whether the field is written by creates.
     *
     * @return {@code false} to leave it out of {@code INSERT}s
     */
    boolean create() default true;

    /**
     * Whether the field is written by updates.
     *
     * @return {@code false} to leave it out of {@code UPDATE}s
     */
    boolean update() default true;
}
