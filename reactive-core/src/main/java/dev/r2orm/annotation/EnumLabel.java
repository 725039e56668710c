package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The label a constant of a Java enum has in the database, where it differs from the constant's name: database labels
 * such as {@code PG-13} or {@code in progress} are not Java identifiers. A constant without it is stored as its name.
 * The label is what r2orm writes, what it reads back, and what a condition binds ({@code where("rating = ?",
 * Rating.PG_13)} binds {@code 'PG-13'}).
 *
 * <pre>{@code
 * enum Rating { G, PG, @EnumLabel("PG-13") PG_13, R, @EnumLabel("NC-17") NC_17 }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface EnumLabel {

    /**
     * The database label.
     *
     * @return the label, not empty
     */
    String value();
}
