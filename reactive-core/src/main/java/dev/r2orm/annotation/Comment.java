package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A comment stored with the column (on a field) or the table (on a class): {@code COMMENT ON COLUMN} on PostgreSQL and
 * H2, {@code COMMENT '...'} on MySQL and MariaDB. AutoMigrate changes it when it differs.
 *
 * <pre>{@code
 * @Comment("ISO 4217 code") @Column(size = 3) String currency;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Comment {

    /**
     * The comment text; quotes are escaped when it is written into DDL.
     *
     * @return the comment
     */
    String value();
}
