package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the field a foreign key refers to, overriding the primary key: on the target for a belongs-to, on the owner
 * for a has-one or has-many ({@code @References("code") Company company} joins {@code companyCode} to
 * {@code Company.code}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface References {

    /**
     * The referenced field name (or column name).
     *
     * @return the field name
     */
    String value();
}
