package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides how a field maps to its column: name and DDL attributes used by the migrator. Every attribute has a
 * "not set" default, so {@code @Column(notNull = true)} changes only nullability.
 *
 * <pre>{@code
 * @Column(name = "mail", size = 320, notNull = true) String email;   // "mail" varchar(320) NOT NULL
 * @Column(type = "jsonb") String attributes;                          // the type is passed through verbatim
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Column {

    /**
     * The column name; empty means the naming strategy's (snake_case of the field name).
     *
     * @return the column name or empty
     */
    String name() default "";

    /**
     * The full SQL type for DDL, passed through verbatim; empty means derived from the Java type.
     *
     * @return the SQL type or empty
     */
    String type() default "";

    /**
     * The size of a string or binary column ({@code varchar(size)}); 0 means the dialect's default.
     *
     * @return the size or 0
     */
    int size() default 0;

    /**
     * The precision of a decimal column; 0 means the dialect's default.
     *
     * @return the precision or 0
     */
    int precision() default 0;

    /**
     * The scale of a decimal column, used when {@link #precision()} is set.
     *
     * @return the scale
     */
    int scale() default 0;

    /**
     * Whether the column is {@code NOT NULL}. Primitive fields and primary keys are always {@code NOT NULL}.
     *
     * @return {@code true} for {@code NOT NULL}
     */
    boolean notNull() default false;

    /**
     * Whether the column has a unique constraint.
     *
     * @return {@code true} for {@code UNIQUE}
     */
    boolean unique() default false;

    /**
     * The column's {@code DEFAULT} in DDL, as an SQL literal or expression written by the model's author (for example
     * {@code "'active'"} or {@code "0"}); empty means none. It is DDL text, never a user value.
     *
     * @return the default expression or empty
     */
    String defaultValue() default "";

    /**
     * Whether the migrator creates, compares and alters this column (GORM's {@code -:migration}). A field with
     * {@code migrate = false} is still read and written; its column must exist by other means.
     *
     * @return {@code false} to leave the column out of migrations
     */
    boolean migrate() default true;
}
