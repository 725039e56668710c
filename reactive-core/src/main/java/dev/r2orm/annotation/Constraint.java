package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The referential actions of the foreign key the migrator creates for an association:
 * {@code @Constraint(onUpdate = "CASCADE", onDelete = "SET NULL") Company company;}. Allowed actions:
 * {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, {@code RESTRICT}, {@code NO ACTION}; empty means the
 * database's default.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Constraint {

    /**
     * What happens to referencing rows when the referenced key changes.
     *
     * @return an action, or empty
     */
    String onUpdate() default "";

    /**
     * What happens to referencing rows when the referenced row is deleted.
     *
     * @return an action, or empty
     */
    String onDelete() default "";
}
