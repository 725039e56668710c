package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.UndefinedColumnException;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.schema.Relation;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * Join columns guessed for keys already named after their table ({@code film_id}), and the error that names a guess the
 * database does not have, on a hand-written schema in the style of Sakila.
 */
class ConventionGuessIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("film")
    static class Film {
        @PrimaryKey
        Long filmId;
        String title;
        @ManyToMany(joinTable = "film_actor")
        List<Actor> actors = new ArrayList<>();
        @ManyToMany(joinTable = "film_label")
        List<Label> labels = new ArrayList<>();
        List<Review> reviews = new ArrayList<>();
    }

    @Table("actor")
    static class Actor {
        @PrimaryKey
        Long actorId;
        String name;
    }

    /** Its key column is {@code id}: the join column is guessed {@code label_id}, but the table has {@code tag_id}. */
    @Table("label")
    static class Label {
        Long id;
        String text;
    }

    /** Its foreign key field {@code filmId} is guessed column {@code film_id}, but the table has {@code movie_id}. */
    @Table("review")
    static class Review {
        Long id;
        Long filmId;
        String body;
    }

    private static void schema(Db db) {
        for (String ddl : List.of(
                "CREATE TABLE film (film_id bigint PRIMARY KEY, title varchar(50))",
                "CREATE TABLE actor (actor_id bigint PRIMARY KEY, name varchar(50))",
                "CREATE TABLE film_actor (film_id bigint NOT NULL, actor_id bigint NOT NULL,"
                        + " PRIMARY KEY (film_id, actor_id))",
                "CREATE TABLE label (id bigint PRIMARY KEY, text varchar(50))",
                "CREATE TABLE film_label (film_id bigint NOT NULL, tag_id bigint NOT NULL)",
                "CREATE TABLE review (id bigint PRIMARY KEY, movie_id bigint, body varchar(50))",
                "INSERT INTO film (film_id, title) VALUES (1, 'Academy Dinosaur'), (2, 'Ace Goldfinger')",
                "INSERT INTO actor (actor_id, name) VALUES (10, 'Penelope'), (20, 'Nick'), (30, 'Ed')",
                "INSERT INTO film_actor (film_id, actor_id) VALUES (1, 10), (1, 20), (2, 30)")) {
            db.exec(ddl).block(TIMEOUT);
        }
    }

    @DatabaseTest
    void keysNamedAfterTheirTableAreTheJoinColumns(Db db) {
        schema(db);
        Relation actors = db.associations(Film.class).values().stream().filter(r -> r.name().equals("actors"))
                .findFirst().orElseThrow();
        assertThat(actors.joinOwnerColumn()).isEqualTo("film_id");
        assertThat(actors.joinTargetColumn()).isEqualTo("actor_id");

        StepVerifier.create(db.model(Film.class).preload("Actors").order("filmId").find())
                .assertNext(f -> assertThat(f.actors).extracting(a -> a.name)
                        .containsExactlyInAnyOrder("Penelope", "Nick"))
                .assertNext(f -> assertThat(f.actors).extracting(a -> a.name).containsExactly("Ed"))
                .verifyComplete();

        Film film = db.model(Film.class).first(2L).block(TIMEOUT);
        Actor penelope = db.model(Actor.class).first(10L).block(TIMEOUT);
        StepVerifier.create(db.model(film).association("Actors", Actor.class).append(List.of(penelope)))
                .verifyComplete();
        StepVerifier.create(db.table("film_actor").where("film_id = ?", 2).count()).expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(film).association("Actors", Actor.class).count()).expectNext(2L)
                .verifyComplete();
    }

    @DatabaseTest
    void aGuessedJoinColumnTheTableLacksIsNamedWithItsAnnotation(Db db) {
        schema(db);

        StepVerifier.create(db.model(Film.class).preload("Labels").find())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("association labels of " + Film.class.getName())
                        .hasMessageContaining("column label_id of join table film_label does not exist")
                        .hasMessageContaining("<model>_<key column>")
                        .hasMessageContaining("@ManyToMany(joinTable = \"film_label\", joinReferences = \"...\")")
                        .hasCauseInstanceOf(UndefinedColumnException.class))
                .verify(TIMEOUT);

        Film film = db.model(Film.class).first(1L).block(TIMEOUT);
        StepVerifier.create(db.model(film).association("Labels", Label.class).count())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("joinReferences"))
                .verify(TIMEOUT);
    }

    @DatabaseTest
    void aGuessedForeignKeyColumnTheTableLacksIsNamedWithItsAnnotation(Db db) {
        schema(db);

        StepVerifier.create(db.model(Film.class).preload("Reviews").find())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("column film_id of table review does not exist")
                        .hasMessageContaining("Review.filmId")
                        .hasMessageContaining("@ForeignKey(\"...\") on reviews")
                        .hasCauseInstanceOf(UndefinedColumnException.class))
                .verify(TIMEOUT);

        Review review = new Review();
        review.id = 5L;
        review.body = "fine";
        Film film = db.model(Film.class).first(1L).block(TIMEOUT);
        film.reviews.add(review);
        StepVerifier.create(db.model(film).association("Reviews", Review.class).append(List.of(review)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                        .hasMessageContaining("@ForeignKey"))
                .verify(TIMEOUT);
    }
}
