package dev.r2orm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.InvalidModelException;
import dev.r2orm.R2ormException;
import dev.r2orm.UndefinedColumnException;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The join columns and foreign keys an association guesses, and the hint given when the database lacks a guess. */
class RelationGuessTest {

    private final SchemaCache cache = new SchemaCache(NamingStrategy.defaults());

    static class User {
        Long id;
        @ManyToMany(joinTable = "user_languages")
        List<Language> languages;
        List<Post> posts;
    }

    static class Language {
        @PrimaryKey
        String code;
    }

    static class Post {
        Long id;
        Long userId;
    }

    static class Film {
        @PrimaryKey
        Long filmId;
        @ManyToMany(joinTable = "film_actor")
        List<Actor> actors;
        @ManyToMany(joinTable = "film_actor", joinForeignKey = "movie", joinReferences = "star")
        List<Actor> named;
    }

    static class Actor {
        @PrimaryKey
        Long actorId;
    }

    /** The model's name differs from its table's: {@code film_id} starts with the table name. */
    @Table("film")
    static class FilmRecord {
        @PrimaryKey
        Long filmId;
        @ManyToMany(joinTable = "film_actor")
        List<Actor> actors;
    }

    static class Person {
        @PrimaryKey
        Long personId;
        @ManyToMany(joinTable = "person_friends")
        List<Person> friends;
        @ForeignKey("authorId")
        List<Note> notes;
    }

    static class Note {
        Long id;
        Long authorId;
    }

    private Relation relation(Class<?> owner, String name) {
        return cache.relation(cache.get(owner), name);
    }

    private static UndefinedColumnException missing(String column) {
        return new UndefinedColumnException("undefined column; SQL [SELECT 1]; column x." + column
                + " does not exist", null, column);
    }

    @Test
    void joinColumnsAreModelAndKeyColumnAsGormGuessesThem() {
        Relation r = relation(User.class, "languages");
        assertThat(r.joinOwnerColumn()).isEqualTo("user_id");
        assertThat(r.joinTargetColumn()).isEqualTo("language_code");
    }

    @Test
    void aKeyColumnAlreadyNamedAfterItsModelOrTableIsTheJoinColumn() {
        Relation r = relation(Film.class, "actors");
        assertThat(r.joinOwnerColumn()).isEqualTo("film_id");
        assertThat(r.joinTargetColumn()).isEqualTo("actor_id");
        Relation t = relation(FilmRecord.class, "actors");
        assertThat(t.joinOwnerColumn()).isEqualTo("film_id");
        Relation named = relation(Film.class, "named");
        assertThat(named.joinOwnerColumn()).isEqualTo("movie");
        assertThat(named.joinTargetColumn()).isEqualTo("star");
    }

    @Test
    void aSelfReferenceStillPrefixesTheTargetWithTheFieldName() {
        Relation r = relation(Person.class, "friends");
        assertThat(r.joinOwnerColumn()).isEqualTo("person_id");
        assertThat(r.joinTargetColumn()).isEqualTo("friend_person_id");
    }

    @Test
    void aMissingGuessedJoinColumnIsExplainedWithTheAttributeThatNamesIt() {
        Relation r = relation(User.class, "languages");

        Throwable owner = r.explain(missing("user_id"));
        assertThat(owner).isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("association languages of " + User.class.getName()
                        + ": column user_id of join table user_languages does not exist; it was guessed from the owner"
                        + " User's <model>_<key column>; name it with @ManyToMany(joinTable = \"user_languages\","
                        + " joinForeignKey = \"...\")")
                .hasMessageContaining("SQL [SELECT 1]")
                .hasCauseInstanceOf(UndefinedColumnException.class);
        assertThat(r.explain(missing("LANGUAGE_CODE"))).hasMessageContaining("joinReferences = \"...\"");
        assertThat(relation(Film.class, "actors").explain(missing("film_id")))
                .hasMessageContaining("guessed from the owner Film's key column");
    }

    @Test
    void aMissingGuessedForeignKeyIsExplainedWithForeignKey() {
        Throwable e = relation(User.class, "posts").explain(missing("user_id"));
        assertThat(e).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("column user_id of table posts does not exist")
                .hasMessageContaining("the foreign key field Post.userId")
                .hasMessageContaining("@ForeignKey(\"...\") on posts, or @Column(name = \"...\") on userId");
    }

    @Test
    void otherErrorsAndNamedColumnsAreLeftAlone() {
        UndefinedColumnException other = missing("title");
        assertThat(relation(User.class, "languages").explain(other)).isSameAs(other);
        UndefinedColumnException named = missing("movie");
        assertThat(relation(Film.class, "named").explain(named)).isSameAs(named);
        UndefinedColumnException annotated = missing("author_id");
        assertThat(relation(Person.class, "notes").explain(annotated)).isSameAs(annotated);
        R2ormException plain = new R2ormException("boom");
        assertThat(relation(User.class, "languages").explain(plain)).isSameAs(plain);
        UndefinedColumnException unknown = new UndefinedColumnException("odd", null, null);
        assertThat(relation(User.class, "languages").explain(unknown)).isSameAs(unknown);
    }
}
