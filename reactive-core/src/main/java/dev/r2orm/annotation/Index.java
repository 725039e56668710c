package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An index the migrator creates (GORM's {@code index} tag). On a field it indexes the field's column; the same
 * {@link #name()} on several fields makes one composite index, ordered by {@link #priority()} and then by field order.
 * On a class it declares an index of its own, which needs {@link #expression()} or {@link #columns()}. A field may carry
 * several.
 *
 * <pre>{@code
 * @Index String title;                                         // CREATE INDEX "idx_posts_title" ON "posts" ("title")
 * @Index(name = "idx_created_updated", priority = 1) Instant createdAt;
 * @Index(name = "idx_created_updated", priority = 2) Instant updatedAt;   // one index over both, in that order
 * @Index(where = "deleted_at IS NULL", unique = true) String email;      // a partial index (PostgreSQL only)
 * @Index(type = "gin") @Column(type = "tsvector") String search;          // USING gin (PostgreSQL)
 * @Index(name = "idx_lower_email", expression = "lower(email)")          // on the class: an expression index
 * }</pre>
 *
 * <p>Every attribute but {@link #name()} and {@link #priority()} must agree on the fields that share a name; two
 * different definitions under one name fail with {@link dev.r2orm.InvalidModelException} before any DDL runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Indexes.class)
public @interface Index {

    /**
     * The index name; empty means {@code idx_<table>_<column>} (GORM's default).
     *
     * @return the name or empty
     */
    String name() default "";

    /**
     * Whether the index is unique ({@code CREATE UNIQUE INDEX}).
     *
     * @return {@code true} for a unique index
     */
    boolean unique() default false;

    /**
     * The field's position in a composite index: lower comes first; ties keep the fields' declaration order.
     *
     * @return the priority, 10 by default
     */
    int priority() default 10;

    /**
     * The sort order of this column in the index: {@code "asc"}, {@code "desc"} or empty for the database's default.
     *
     * @return the order or empty
     */
    String sort() default "";

    /**
     * The predicate of a partial index, as SQL written by the model's author ({@code deleted_at IS NULL}). Only
     * PostgreSQL has partial indexes: on MySQL, MariaDB and H2 the migrator fails with
     * {@link dev.r2orm.UnsupportedByDialectException} before any DDL runs.
     *
     * @return the predicate or empty
     */
    String where() default "";

    /**
     * The index method ({@code btree}, {@code hash}, {@code gin}, {@code gist}, ...): {@code USING} on PostgreSQL,
     * MySQL and MariaDB; H2 has one method and ignores it. GORM's {@code type}.
     *
     * @return the method or empty
     */
    String type() default "";

    /**
     * The index class of MySQL and MariaDB: {@code FULLTEXT} or {@code SPATIAL} (GORM's {@code class}); refused on the
     * other databases.
     *
     * @return the class or empty
     */
    String kind() default "";

    /**
     * The prefix length of the column in a MySQL or MariaDB index ({@code "title"(10)}); ignored elsewhere.
     *
     * @return the length, or 0 for the whole column
     */
    int length() default 0;

    /**
     * An SQL expression indexed in place of the column, written by the model's author ({@code lower(email)}).
     *
     * @return the expression or empty
     */
    String expression() default "";

    /**
     * The columns of a class-level index, by field or column name, in order.
     *
     * @return the columns, empty on a field
     */
    String[] columns() default {};

    /**
     * Words written between {@code CREATE ... INDEX} and the index name, such as {@code CONCURRENTLY} on PostgreSQL.
     * An index with {@code CONCURRENTLY} is created outside the migration's transaction.
     *
     * @return the option or empty
     */
    String option() default "";

    /**
     * A comment stored with the index (MySQL and MariaDB; {@code COMMENT ON INDEX} on PostgreSQL and H2).
     *
     * @return the comment or empty
     */
    String comment() default "";
}
