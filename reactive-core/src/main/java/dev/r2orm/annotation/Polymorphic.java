package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a has-one or has-many association polymorphic: the target holds {@code <value>Id} and {@code <value>Type},
 * and the type column says which owner table the row belongs to.
 *
 * <pre>{@code
 * @Polymorphic("owner") List<Toy> toys;                  // Toy.ownerId, Toy.ownerType = "dogs"
 * @Polymorphic(value = "owner", type = "master") Toy toy; // Toy.ownerType = "master"
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Polymorphic {

    /**
     * The prefix of the target's id and type fields.
     *
     * @return the prefix, for example {@code "owner"}
     */
    String value();

    /**
     * The value stored in the type field; empty means the owner's table name.
     *
     * @return the type value or empty
     */
    String type() default "";
}
