package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.Query;
import dev.r2orm.Session;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.test.StepVerifier;

/**
 * Association joins on tables written by hand, as an application's schema looks (after the Sakila sample): two
 * associations to one table, a nested path, names that are no association, and the SQL {@code toSql()} shows against
 * the SQL sent.
 */
class AssociationJoinsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("language")
    static class Language {
        @PrimaryKey
        Long languageId;
        String name;
    }

    @Table("film")
    static class Film {
        @PrimaryKey
        Long filmId;
        String title;
        Long languageId;
        Language language;
        Long originalLanguageId;
        Language originalLanguage;
    }

    @Table("city")
    static class City {
        @PrimaryKey
        Long cityId;
        String city;
    }

    @Table("address")
    static class Address {
        @PrimaryKey
        Long addressId;
        String address;
        Long cityId;
        City city;
    }

    @Table("customer")
    static class Customer {
        @PrimaryKey
        Long customerId;
        String firstName;
        Long addressId;
        Address address;
    }

    private static void schema(Db db) {
        for (String ddl : List.of(
                "CREATE TABLE language (language_id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL)",
                "CREATE TABLE film (film_id BIGINT PRIMARY KEY, title VARCHAR(60) NOT NULL,"
                        + " language_id BIGINT NOT NULL REFERENCES language (language_id),"
                        + " original_language_id BIGINT REFERENCES language (language_id))",
                "CREATE TABLE city (city_id BIGINT PRIMARY KEY, city VARCHAR(40) NOT NULL)",
                "CREATE TABLE address (address_id BIGINT PRIMARY KEY, address VARCHAR(60) NOT NULL,"
                        + " city_id BIGINT REFERENCES city (city_id))",
                "CREATE TABLE customer (customer_id BIGINT PRIMARY KEY, first_name VARCHAR(40) NOT NULL,"
                        + " address_id BIGINT REFERENCES address (address_id))",
                "INSERT INTO language (language_id, name) VALUES (1, 'English'), (2, 'French'), (3, 'German')",
                "INSERT INTO film (film_id, title, language_id, original_language_id) VALUES"
                        + " (1, 'ACADEMY DINOSAUR', 1, NULL), (2, 'AMELIE', 1, 2), (3, 'METROPOLIS', 2, 3),"
                        + " (4, 'LA HAINE', 2, 2)",
                "INSERT INTO city (city_id, city) VALUES (1, 'Lethbridge'), (2, 'Woodridge')",
                "INSERT INTO address (address_id, address, city_id) VALUES (1, '47 MySakila Drive', 1),"
                        + " (2, '28 MySQL Boulevard', 2), (3, '23 Workhaven Lane', NULL)",
                "INSERT INTO customer (customer_id, first_name, address_id) VALUES (1, 'MARY', 1), (2, 'PATRICIA', 3),"
                        + " (3, 'LINDA', NULL), (4, 'BARBARA', 2)")) {
            db.exec(ddl).block(TIMEOUT);
        }
    }

    /** A view of the database that records every statement it sends. */
    private static Db logged(Db db, TestDatabase target, List<String> statements) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> statements.add(sql.sql()))).build());
    }

    private static String describe(Film f) {
        return f.title + ":" + (f.language == null ? "-" : f.language.name) + "/"
                + (f.originalLanguage == null ? "-" : f.originalLanguage.name);
    }

    @DatabaseTest
    void twoAssociationsToOneTableAreJoinedUnderTheirOwnNames(Db db, TestDatabase target) {
        schema(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        try (Db counted = logged(db, target, statements)) {
            Query<Film> films = counted.model(Film.class).joins("Language").joins("OriginalLanguage");

            StepVerifier.create(films.order("filmId").find().map(AssociationJoinsIntegrationTests::describe))
                    .expectNext("ACADEMY DINOSAUR:English/-", "AMELIE:English/French", "METROPOLIS:French/German",
                            "LA HAINE:French/French")
                    .verifyComplete();
            assertThat(statements).hasSize(1);
            assertThat(statements.get(0)).contains("OriginalLanguage__name")
                    .isEqualTo(films.order("filmId").toSql().sql());

            StepVerifier.create(films.where(Map.of("OriginalLanguage.name", "French")).order("filmId").find()
                            .map(AssociationJoinsIntegrationTests::describe))
                    .expectNext("AMELIE:English/French", "LA HAINE:French/French").verifyComplete();
            String quoted = target.isMySqlFamily() ? "`OriginalLanguage`.name = ?" : "\"OriginalLanguage\".name = ?";
            StepVerifier.create(films.where(quoted, "German").find().map(f -> f.title))
                    .expectNext("METROPOLIS").verifyComplete();
            StepVerifier.create(films.where(Map.of("Language.name", "French")).order("OriginalLanguage.name desc")
                            .find().map(f -> f.title))
                    .expectNext("METROPOLIS", "LA HAINE").verifyComplete();
            StepVerifier.create(films.select("film.title, OriginalLanguage.name AS original").order("film.film_id")
                            .findMaps().map(m -> m.get("title") + "=" + m.get("original")))
                    .expectNext("ACADEMY DINOSAUR=null", "AMELIE=French", "METROPOLIS=German", "LA HAINE=French")
                    .verifyComplete();
            StepVerifier.create(counted.model(Film.class).innerJoins("OriginalLanguage").count())
                    .expectNext(3L).verifyComplete();
        }
    }

    @DatabaseTest
    void aNestedPathJoinsEveryLevelAndReadsIntoTheNestedObjects(Db db, TestDatabase target) {
        schema(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        try (Db counted = logged(db, target, statements)) {
            List<Customer> customers = counted.model(Customer.class).joins("Address.City").order("customerId").find()
                    .collectList().block(TIMEOUT);
            assertThat(statements).hasSize(1);
            assertThat(statements.get(0)).contains("Address__City__city");
            assertThat(customers).extracting(c -> c.firstName + "@" + (c.address == null ? "-"
                            : c.address.address + "/" + (c.address.city == null ? "-" : c.address.city.city)))
                    .containsExactly("MARY@47 MySakila Drive/Lethbridge", "PATRICIA@23 Workhaven Lane/-", "LINDA@-",
                            "BARBARA@28 MySQL Boulevard/Woodridge");

            StepVerifier.create(counted.model(Customer.class).innerJoins("Address.City")
                            .where(Map.of("Address__City.city", "Woodridge")).find()
                            .map(c -> c.firstName + "@" + c.address.city.city))
                    .expectNext("BARBARA@Woodridge").verifyComplete();
            StepVerifier.create(counted.model(Customer.class).innerJoins("Address.City").order("Address__City.city")
                            .find().map(c -> c.firstName))
                    .expectNext("MARY", "BARBARA").verifyComplete();
            StepVerifier.create(counted.model(Customer.class)
                            .joins("Address.City", q -> q.where(Map.of("city", "Lethbridge"))).order("customerId")
                            .find().map(c -> c.firstName + ":" + (c.address == null ? "-" : c.address.city == null
                                    ? "no city" : c.address.city.city)))
                    .expectNext("MARY:Lethbridge", "PATRICIA:no city", "LINDA:-", "BARBARA:no city").verifyComplete();
        }
    }

    @DatabaseTest
    void aNameThatIsNoAssociationIsRefusedAndSqlJoinsStillWork(Db db) {
        schema(db);
        assertThatThrownBy(() -> db.model(Film.class).joins("Langauge"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("joins(\"Langauge\")")
                .hasMessageContaining(Film.class.getName())
                .hasMessageContaining("originalLanguage");
        assertThatThrownBy(() -> db.model(Customer.class).innerJoins("Address.Town"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(Address.class.getName()).hasMessageContaining("city");
        StepVerifier.create(db.model(Film.class)
                        .joins("LEFT JOIN language l ON l.language_id = film.original_language_id")
                        .where("l.name = ?", "French").order("filmId").find().map(f -> f.title))
                .expectNext("AMELIE", "LA HAINE").verifyComplete();
    }

    @DatabaseTest
    void toSqlAndADryRunShowTheStatementThatRuns(Db db, TestDatabase target) {
        schema(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        try (Db counted = logged(db, target, statements)) {
            Db dry = counted.session(Session.builder().dryRun(true).build());
            List<Function<Db, Query<Film>>> queries = List.of(
                    d -> d.model(Film.class).joins("Language").joins("OriginalLanguage"),
                    d -> d.model(Film.class).innerJoins("OriginalLanguage").where("film.title <> ?", "x")
                            .order("filmId").limit(2),
                    d -> d.model(Film.class).preload("Language"),
                    d -> d.model(Film.class).joins("Language").preload("OriginalLanguage").order("title"),
                    d -> d.model(Film.class).joins("LEFT JOIN language l ON l.language_id = film.language_id")
                            .where("l.name = ?", "English"));
            for (Function<Db, Query<Film>> make : queries) {
                Query<Film> q = make.apply(counted);
                statements.clear();
                List<Film> films = q.find().collectList().block(TIMEOUT);
                assertThat(films).isNotEmpty();
                assertThat(statements).isNotEmpty();
                assertThat(statements.get(0)).isEqualTo(q.toSql().sql());

                statements.clear();
                StepVerifier.create(make.apply(dry).find()).verifyComplete();
                assertThat(statements).containsExactly(q.toSql().sql());
            }
            Customer one = counted.model(Customer.class).joins("Address.City").first(1L).block(TIMEOUT);
            assertThat(one.address.city.city).isEqualTo("Lethbridge");
        }
    }
}
