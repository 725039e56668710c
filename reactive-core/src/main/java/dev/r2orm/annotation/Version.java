package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes this field the row's version, for optimistic locking. At most one field of a model carries it; its type is an
 * integer ({@code int}, {@code Integer}, {@code long}, {@code Long}, {@code short}, {@code Short}) or a timestamp
 * ({@code Instant}, {@code LocalDateTime}, {@code OffsetDateTime}).
 *
 * <ul>
 *   <li><b>Create</b> writes 1 (an integer version, as GORM's optimisticlock plugin does) or the current time
 *       truncated to microseconds (a timestamp version) unless the field is set (non-null; a primitive other than 0),
 *       and writes that value into the entity (a new record for a record).
 *   <li><b>Update of an entity</b> ({@code db.save(entity)}, {@code db.model(entity).update(...)} and
 *       {@code .updates(...)}) renders
 *       {@code UPDATE "docs" SET ...,"version"=COALESCE("version",0)+1 WHERE "docs"."id" = $2 AND
 *       "docs"."version" = $3}, the expected value being the entity's; when no row matches, the operation signals
 *       {@link dev.r2orm.OptimisticLockException} and its transaction rolls back. On success the new version is
 *       written into the entity (a class; a record is left alone), so the next save checks against it. A timestamp
 *       version is set to the current time, or to the expected value plus one microsecond when the clock has not
 *       moved past it. An entity whose version is unset (null, or 0 in a primitive field) is not checked.
 *   <li><b>Delete of an entity</b> ({@code db.delete(entity)}, {@code db.model(entity).delete()}), soft or not, adds
 *       the same condition and signals the same exception, as Hibernate does (GORM's plugin does not check deletes);
 *       deleting an entity twice therefore signals it the second time.
 *   <li><b>Not checked:</b> updates without an entity ({@code db.model(Account.class).where(...).updates(map)})
 *       move the version of every row they change on but check none, and deletes without an entity check nothing;
 *       {@code updateColumn}/{@code updateColumns} neither check nor move it (GORM's {@code UpdateColumn} skips the
 *       plugin too), which suits bookkeeping writes that must not conflict with edits; upserts
 *       ({@code onConflict(...)}) write the version as inserted.
 * </ul>
 *
 * <p>A value for the version given explicitly to {@code update}/{@code updates(map)} is written as given instead of
 * the increment (the check still applies). A version written back into an entity stays there when an enclosing
 * transaction later rolls back: read the row again. A timestamp version is its own {@code updatedAt}: it is not an
 * auto-time field as well. The column may be created by hand ({@code row_version integer not null default 1}) and
 * mapped with {@code @Column(name = "row_version")}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Version {
}
