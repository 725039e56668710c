package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the table of a model, overriding the naming strategy ({@code CreditCard} maps to {@code credit_cards} by
 * default), and gives the options of its {@code CREATE TABLE}. The name is used as given: no prefix, no pluralisation.
 *
 * <pre>{@code
 * @Table("people") class Person { ... }
 * @Table(options = "ENGINE=InnoDB") class Event { ... }   // CREATE TABLE `events` (...) ENGINE=InnoDB
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {

    /**
     * The table name; empty means the naming strategy's.
     *
     * @return the exact table name, or empty
     */
    String value() default "";

    /**
     * Table options written after the column list of {@code CREATE TABLE}, as DDL text of the model's author, for
     * example {@code "ENGINE=InnoDB"} on MySQL and MariaDB.
     *
     * @return the options or empty
     */
    String options() default "";
}
