package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the table of a model, overriding the naming strategy ({@code CreditCard} maps to {@code credit_cards} by
 * default). The name is used as given: no prefix, no pluralisation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {

    /**
     * The table name.
     *
     * @return the exact table name
     */
    String value();
}
