package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds several {@link UniqueIndex} annotations on one field; written by the compiler when {@code @UniqueIndex}
 * repeats.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface UniqueIndexes {

    /**
     * The indexes.
     *
     * @return the indexes
     */
    UniqueIndex[] value();
}
