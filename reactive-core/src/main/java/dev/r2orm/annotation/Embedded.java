package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the fields of a value class or record columns of the owner's table (GORM's {@code embedded} and
 * {@code embeddedPrefix}). They are read, written, used in {@code where(probe)} and migrated like the owner's own.
 *
 * <pre>{@code
 * record Address(String street, String city, @Column(size = 20) String zip) {}
 *
 * class Customer extends Model {
 *     String name;
 *     @Embedded(prefix = "addr_") Address address;   // columns "addr_street", "addr_city", "addr_zip"
 * }
 * }</pre>
 *
 * <p>The embedded type must be a concrete class with a constructor without arguments, or a record, and must not hold
 * associations. A row whose embedded columns are all NULL reads back with the field null.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Embedded {

    /**
     * Written before each embedded column name; empty means none.
     *
     * @return the prefix or empty
     */
    String prefix() default "";
}
