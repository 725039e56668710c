package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a collection field a many-to-many association through a join table, which the migrator creates.
 *
 * <pre>{@code
 * @ManyToMany(joinTable = "user_languages") List<Language> languages;
 * // user_languages (user_id, language_code), primary key on both
 * @ManyToMany(joinTable = "person_addresses", joinModel = PersonAddress.class) List<Address> addresses;
 * // the join table is PersonAddress's, with its extra columns and hooks
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface ManyToMany {

    /**
     * The join table's name.
     *
     * @return the table name
     */
    String joinTable();

    /**
     * The join table's column that refers to the owner; empty means {@code <owner>_<key>} ({@code user_id}), or the
     * key column itself when it already starts with the owner's name or table name and an underscore
     * ({@code film_id} for a key {@code Film.filmId}).
     *
     * @return the column name or empty
     */
    String joinForeignKey() default "";

    /**
     * The join table's column that refers to the target; empty means {@code <target>_<key>}
     * ({@code language_code}), or the key column itself when it already starts with the target's name or table name
     * and an underscore ({@code actor_id} for a key {@code Actor.actorId}), or {@code <field in singular>_<key>} when
     * the target is the owner's own class ({@code friend_id} for {@code List<User> friends}).
     *
     * @return the column name or empty
     */
    String joinReferences() default "";

    /**
     * A model class for the join table, as GORM's {@code SetupJoinTable}: its table must be {@link #joinTable()}
     * and it must have fields for both join columns; it may add columns (a creation time, a note), hooks and soft
     * delete. Links are then created through it (hooks and timestamps run) and its soft delete hides links.
     * {@code void.class} (the default) means a plain join table.
     *
     * @return the join model class, or {@code void.class}
     */
    Class<?> joinModel() default void.class;
}
