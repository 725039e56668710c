package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a Java enum in the database's own enum type rather than in text. On PostgreSQL the columns of fields of this
 * enum have the named type, which AutoMigrate creates ({@code CREATE TYPE "mpaa_rating" AS ENUM ('G', 'PG', ...)})
 * and extends with labels added to the Java enum; on MySQL, MariaDB and H2 they are {@code ENUM('G', 'PG', ...)}
 * columns. The labels are the constants' {@link EnumLabel}s or names, in declaration order. Without this annotation an
 * enum is stored as text ({@code varchar(255)}), and a column of an existing enum type still reads and writes: declare
 * it with {@code @Column(type = "mpaa_rating")}.
 *
 * <pre>{@code
 * @DatabaseEnum("mpaa_rating")
 * enum Rating { G, PG, @EnumLabel("PG-13") PG_13, R, @EnumLabel("NC-17") NC_17 }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DatabaseEnum {

    /**
     * The name of the PostgreSQL type; ignored where enum types belong to a column (MySQL, MariaDB, H2).
     *
     * @return the type name, unquoted
     */
    String value();
}
