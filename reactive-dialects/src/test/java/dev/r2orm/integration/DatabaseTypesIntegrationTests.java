package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.R2ormException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.EnumLabel;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.annotation.Table;
import dev.r2orm.schema.JsonConverter;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/**
 * Columns of the types a real schema has beyond text and numbers: enums with labels that are not Java identifiers (in
 * a text column, a PostgreSQL enum type, a MySQL/MariaDB/H2 {@code ENUM}), arrays, JSON, intervals and types only the
 * server knows ({@code tsvector}), written, read back and matched on tables written by hand as well as migrated ones.
 */
class DatabaseTypesIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    enum Rating { G, PG, @EnumLabel("PG-13") PG_13, R, @EnumLabel("NC-17") NC_17 }

    /** The film table of a hand-written schema, keys named {@code <table>_id}. */
    @Table("film")
    static class Film {
        @PrimaryKey
        Integer filmId;
        String title;
        Rating rating;
        @Column(type = "mpaa_rating")
        Rating originalRating;
        Duration rentalDuration;
        Map<String, Object> meta;
    }

    static String filmDdl(TestDatabase target) {
        return switch (target) {
            case POSTGRESQL -> "CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL,"
                    + " rating mpaa_rating DEFAULT 'G', original_rating mpaa_rating, rental_duration interval,"
                    + " meta jsonb)";
            case H2 -> "CREATE TABLE film (film_id integer AUTO_INCREMENT PRIMARY KEY, title varchar(255) NOT NULL,"
                    + " rating ENUM('G','PG','PG-13','R','NC-17') DEFAULT 'G',"
                    + " original_rating ENUM('G','PG','PG-13','R','NC-17'), rental_duration interval day to second,"
                    + " meta json)";
            default -> "CREATE TABLE film (film_id integer AUTO_INCREMENT PRIMARY KEY, title varchar(255) NOT NULL,"
                    + " rating ENUM('G','PG','PG-13','R','NC-17') DEFAULT 'G',"
                    + " original_rating ENUM('G','PG','PG-13','R','NC-17'), rental_duration time(6), meta json)";
        };
    }

    private static void createFilmTable(Db db, TestDatabase target) {
        if (target == TestDatabase.POSTGRESQL) {
            db.exec("DROP TYPE IF EXISTS mpaa_rating CASCADE").block(TIMEOUT);
            db.exec("CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')").block(TIMEOUT);
        }
        db.exec(filmDdl(target)).block(TIMEOUT);
    }

    private static Film film(String title, Rating rating) {
        Film f = new Film();
        f.title = title;
        f.rating = rating;
        f.originalRating = rating;
        f.rentalDuration = Duration.ofDays(3).plusHours(5).plusMillis(250);
        f.meta = Map.of("language", "English", "year", 2006);
        return f;
    }

    @DatabaseTest
    void enumLabelsAreWrittenReadAndMatchedInTheDatabasesOwnEnumColumns(Db db, TestDatabase target) {
        createFilmTable(db, target);
        db.createAll(List.of(film("Academy Dinosaur", Rating.PG_13), film("Ace Goldfinger", Rating.NC_17),
                film("Adaptation Holes", Rating.PG_13))).blockLast(TIMEOUT);

        StepVerifier.create(db.raw("SELECT count(*) FROM film WHERE rating = 'PG-13'").scan(Long.class))
                .expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Film.class).where("rating = ?", Rating.PG_13).order("film_id").find()
                        .map(f -> f.title))
                .expectNext("Academy Dinosaur", "Adaptation Holes").verifyComplete();
        StepVerifier.create(db.model(Film.class).where("original_rating IN ?", List.of(Rating.NC_17, Rating.G))
                        .find().map(f -> f.originalRating))
                .expectNext(Rating.NC_17).verifyComplete();
        Film probe = new Film();
        probe.originalRating = Rating.NC_17;
        StepVerifier.create(db.model(Film.class).where(probe).count()).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Film.class).where(Map.of("rating", Rating.PG_13)).count()).expectNext(2L)
                .verifyComplete();

        StepVerifier.create(db.model(Film.class).where("title = ?", "Ace Goldfinger").first())
                .assertNext(f -> {
                    assertThat(f.rating).isEqualTo(Rating.NC_17);
                    assertThat(f.originalRating).isEqualTo(Rating.NC_17);
                    assertThat(f.rentalDuration).isEqualTo(Duration.ofDays(3).plusHours(5).plusMillis(250));
                    assertThat(f.meta).containsEntry("language", "English").containsEntry("year", 2006);
                })
                .verifyComplete();
    }

    @DatabaseTest
    void nullIsWrittenToEnumAndJsonColumnsAndTheServerDefaultFillsAnUnsetEnum(Db db, TestDatabase target) {
        createFilmTable(db, target);
        Film f = film("Affair Prejudice", Rating.G);
        db.create(f).block(TIMEOUT);
        StepVerifier.create(db.model(f).updates(java.util.Collections.singletonMap("originalRating", null)))
                .expectNext(1L).verifyComplete();
        f.meta = null;
        f.originalRating = null;
        f.rating = Rating.R;
        StepVerifier.create(db.model(f).select("rating", "originalRating", "meta").updates(f)).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(Film.class).first(f.filmId))
                .assertNext(r -> {
                    assertThat(r.rating).isEqualTo(Rating.R);
                    assertThat(r.originalRating).isNull();
                    assertThat(r.meta).isNull();
                })
                .verifyComplete();
        StepVerifier.create(db.exec("INSERT INTO film (title) VALUES ('Airport Pollock')")).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(Film.class).where("title = ?", "Airport Pollock").first().map(r -> r.rating))
                .expectNext(Rating.G).verifyComplete();
    }

    @DatabaseTest
    void jsonIsStoredAsJsonNotAsAStringHoldingJson(Db db, TestDatabase target) {
        createFilmTable(db, target);
        db.create(film("Alabama Devil", Rating.G)).block(TIMEOUT);
        String sql = switch (target) {
            case POSTGRESQL -> "SELECT meta->>'language' FROM film";
            case H2 -> "SELECT JSON_VALUE(meta, '$.language') FROM film";
            default -> "SELECT JSON_VALUE(meta, '$.language') FROM film";
        };
        if (target == TestDatabase.H2) {
            // H2 has no JSON_VALUE: a JSON object's text starts with '{', a JSON string's with '"'
            sql = "SELECT CAST(meta AS VARCHAR) FROM film";
            StepVerifier.create(db.raw(sql).scan(String.class)).assertNext(s -> assertThat(s).startsWith("{"))
                    .verifyComplete();
            return;
        }
        StepVerifier.create(db.raw(sql).scan(String.class)).expectNext("English").verifyComplete();
    }

    /** Arrays, JSON kinds and intervals in tables AutoMigrate makes. */
    @Table("typed_docs")
    static class Doc {
        Long id;
        List<String> tags;
        Integer[] scores;
        String[] aliases;
        JsonNode body;
        @Serializer(JsonConverter.class)
        Meta meta;
        Duration ttl;
    }

    record Meta(String author, int pages) {
    }

    @DatabaseTest
    void listsAndArraysRoundTripWhereTheDatabaseHasArrays(Db db, TestDatabase target) throws Exception {
        if (target.isMySqlFamily()) {
            StepVerifier.create(db.migrator().autoMigrate(Doc.class))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidModelException.class)
                            .hasMessageContaining("field tags").hasMessageContaining("no array columns")
                            .hasMessageContaining("JsonConverter"))
                    .verify(TIMEOUT);
            return;
        }
        db.migrator().autoMigrate(Doc.class).block(TIMEOUT);
        Doc d = new Doc();
        d.tags = List.of("horror", "PG-13", "with,comma", "with \"quotes\"");
        d.scores = new Integer[] {7, 9, 10};
        d.aliases = new String[0];
        d.body = new ObjectMapper().readTree("{\"a\": [1, 2], \"b\": {\"c\": true}}");
        d.meta = new Meta("Ann", 300);
        d.ttl = Duration.ofHours(36).plusSeconds(5);
        Doc empty = new Doc();
        db.createAll(List.of(d, empty)).blockLast(TIMEOUT);

        StepVerifier.create(db.model(Doc.class).first(d.id))
                .assertNext(r -> {
                    assertThat(r.tags).containsExactly("horror", "PG-13", "with,comma", "with \"quotes\"");
                    assertThat(r.scores).containsExactly(7, 9, 10);
                    assertThat(r.aliases).isEmpty();
                    assertThat(r.body).isEqualTo(d.body);
                    assertThat(r.meta).isEqualTo(new Meta("Ann", 300));
                    assertThat(r.ttl).isEqualTo(Duration.ofHours(36).plusSeconds(5));
                })
                .verifyComplete();
        StepVerifier.create(db.model(Doc.class).first(empty.id))
                .assertNext(r -> {
                    assertThat(r.tags).isNull();
                    assertThat(r.scores).isNull();
                    assertThat(r.body).isNull();
                })
                .verifyComplete();
        d.tags = List.of("comedy");
        d.scores = null;
        StepVerifier.create(db.save(d)).expectNextCount(1).verifyComplete();
        StepVerifier.create(db.model(Doc.class).first(d.id).map(r -> r.tags)).expectNext(List.of("comedy"))
                .verifyComplete();
        StepVerifier.create(db.migrator().plan(Doc.class)).assertNext(p -> assertThat(p.changes()).isEmpty())
                .verifyComplete();
    }

    @DatabaseTest
    void anArrayFieldOnMariaDbIsRefusedNamingTheField(Db db, TestDatabase target) {
        if (!target.isMySqlFamily()) {
            return;
        }
        db.exec("CREATE TABLE typed_docs (id bigint AUTO_INCREMENT PRIMARY KEY, tags text, scores text,"
                + " aliases text, body json, meta json, ttl time(6))").block(TIMEOUT);
        Doc d = new Doc();
        d.tags = List.of("a");
        StepVerifier.create(db.create(d))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnsupportedByDialectException.class)
                        .hasMessageContaining("field tags").hasMessageContaining("no array columns"))
                .verify(TIMEOUT);
        StepVerifier.create(db.raw("SELECT count(*) FROM typed_docs").scan(Long.class)).expectNext(0L)
                .verifyComplete();
    }

    /** A PostgreSQL type the driver does not know, declared on the field: the server converts the text. */
    @Table("search_docs")
    static class SearchDoc {
        Long id;
        @Column(type = "tsvector")
        String document;
    }

    @DatabaseTest
    void aDeclaredColumnTypeIsSentForTheServerToConvert(Db db, TestDatabase target) {
        if (target != TestDatabase.POSTGRESQL) {
            return; // tsvector is PostgreSQL's; the enum and JSON columns above cover the others
        }
        db.exec("CREATE TABLE search_docs (id bigserial PRIMARY KEY, document tsvector)").block(TIMEOUT);
        SearchDoc s = new SearchDoc();
        s.document = "a fat cat sat on a mat";
        db.create(s).block(TIMEOUT);
        SearchDoc none = new SearchDoc();
        db.create(none).block(TIMEOUT);
        StepVerifier.create(db.model(SearchDoc.class).where("document @@ to_tsquery('cat & mat')").count())
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(SearchDoc.class).first(s.id).map(r -> r.document))
                .expectNext("'a' 'cat' 'fat' 'mat' 'on' 'sat'").verifyComplete();
        StepVerifier.create(db.model(SearchDoc.class).where("document IS NULL").count()).expectNext(1L)
                .verifyComplete();
    }

    enum TwoRatings { G, PG }

    @Table("film")
    static class Narrow {
        @PrimaryKey
        Integer filmId;
        TwoRatings originalRating;
    }

    @Table("film")
    static class WrongType {
        @PrimaryKey
        Integer filmId;
        Integer title;
    }

    @DatabaseTest
    void aValueTheFieldCannotHoldIsAnErrorNamingModelFieldColumnAndType(Db db, TestDatabase target) {
        createFilmTable(db, target);
        db.create(film("Alamo Videotape", Rating.G)).block(TIMEOUT);

        db.exec("UPDATE film SET original_rating = 'PG-13'").block(TIMEOUT);
        StepVerifier.create(db.model(Narrow.class).find())
                .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(R2ormException.class)
                        .hasMessageContaining("column original_rating").hasMessageContaining("Narrow.originalRating")
                        .hasMessageContaining("database type").hasMessageContaining("'PG-13'"))
                .verify(TIMEOUT);

        StepVerifier.create(db.model(WrongType.class).find())
                .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(R2ormException.class)
                        .hasMessageContaining("column title").hasMessageContaining("WrongType.title")
                        .hasMessageContaining("java.lang.Integer"))
                .verify(TIMEOUT);
    }

    @Table("typed_codes")
    static class Code {
        Long id;
        @Column(type = "varchar(20)")
        String code;
        Map<String, Object> meta;
    }

    /** A typed field's condition value is a bound wrapper: firstOrInit/firstOrCreate still build the entity from it. */
    @DatabaseTest
    void conditionsOnTypedFieldsBuildTheEntityOfFirstOrCreate(Db db) {
        db.migrator().autoMigrate(Code.class).block(TIMEOUT);
        StepVerifier.create(db.model(Code.class).where(Map.of("code", "PG-13")).firstOrInit())
                .assertNext(c -> {
                    assertThat(c.id).isNull();
                    assertThat(c.code).isEqualTo("PG-13");
                })
                .verifyComplete();
        StepVerifier.create(db.model(Code.class).where(Map.of("code", "R")).firstOrCreate().map(c -> c.code))
                .expectNext("R").verifyComplete();
        StepVerifier.create(db.model(Code.class).where("code = ?", "R").count()).expectNext(1L).verifyComplete();
    }
}
