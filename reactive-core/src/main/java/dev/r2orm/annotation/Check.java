package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A check constraint the migrator creates (GORM's {@code check} tag), on a field or on the class. The expression is SQL
 * written by the model's author, never a user value.
 *
 * <pre>{@code
 * @Check("status IN ('draft', 'published', 'archived')") String status;   // CONSTRAINT "chk_blog_posts_status" CHECK (...)
 * @Check(name = "price_positive", value = "price > 0") BigDecimal price;
 * @Check(name = "valid_range", value = "min_age <= max_age")               // on the class
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Checks.class)
public @interface Check {

    /**
     * The boolean SQL expression; an empty one fails with {@link dev.r2orm.InvalidModelException}.
     *
     * @return the expression
     */
    String value();

    /**
     * The constraint name; empty means {@code chk_<table>_<column>} on a field (GORM's default) and
     * {@code chk_<table>_<n>} on a class, numbered from 1 in declaration order.
     *
     * @return the name or empty
     */
    String name() default "";
}
