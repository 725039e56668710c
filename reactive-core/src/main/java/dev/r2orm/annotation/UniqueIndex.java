package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A unique index: the short form of {@code @Index(unique = true)} (GORM's {@code uniqueIndex} tag). The same name on
 * several fields makes one composite unique index.
 *
 * <pre>{@code
 * @UniqueIndex @Column(size = 100) String email;     // CREATE UNIQUE INDEX "idx_customers_email" ON "customers" ("email")
 * @UniqueIndex(name = "idx_tenant_slug", priority = 1) Long tenantId;
 * @UniqueIndex(name = "idx_tenant_slug", priority = 2) String slug;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Repeatable(UniqueIndexes.class)
public @interface UniqueIndex {

    /**
     * The index name; empty means {@code idx_<table>_<column>}.
     *
     * @return the name or empty
     */
    String name() default "";

    /**
     * The field's position in a composite index (see {@link Index#priority()}).
     *
     * @return the priority, 10 by default
     */
    int priority() default 10;

    /**
     * The sort order of this column: {@code "asc"}, {@code "desc"} or empty.
     *
     * @return the order or empty
     */
    String sort() default "";

    /**
     * The predicate of a partial unique index (see {@link Index#where()}).
     *
     * @return the predicate or empty
     */
    String where() default "";
}
