package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AssociationJoinsRenderTest {

    private static final ConnectionFactory NO_DATABASE = NoDatabase.INSTANCE;

    static class Language {
        Long id;
        String name;
    }

    static class City {
        Long id;
        String name;
    }

    static class Address {
        Long id;
        String street;
        Long cityId;
        City city;
    }

    static class Subtitle {
        Long id;
        Long filmId;
        String text;
    }

    static class Film {
        Long id;
        String title;
        Long languageId;
        Language language;
        Long originalLanguageId;
        Language originalLanguage;
        Long addressId;
        Address address;
        List<Subtitle> subtitles;
    }

    private static Db db;

    @BeforeAll
    static void open() {
        db = Db.open(NO_DATABASE, Config.builder().dialect(new TestDialect()).logger(Logger.silent()).build());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static final String FILM_COLUMNS = "\"films\".\"id\",\"films\".\"title\",\"films\".\"language_id\","
            + "\"films\".\"original_language_id\",\"films\".\"address_id\"";

    @Test
    void twoAssociationsToOneTableGetOneAliasEach() {
        Sql sql = db.model(Film.class).joins("Language").joins("OriginalLanguage")
                .where(Map.of("OriginalLanguage.name", "French")).toSql();

        assertThat(sql.sql()).isEqualTo("SELECT " + FILM_COLUMNS
                + ",\"Language\".\"id\" AS \"Language__id\",\"Language\".\"name\" AS \"Language__name\""
                + ",\"OriginalLanguage\".\"id\" AS \"OriginalLanguage__id\""
                + ",\"OriginalLanguage\".\"name\" AS \"OriginalLanguage__name\" FROM \"films\""
                + " LEFT JOIN \"languages\" \"Language\" ON \"Language\".\"id\" = \"films\".\"language_id\""
                + " LEFT JOIN \"languages\" \"OriginalLanguage\""
                + " ON \"OriginalLanguage\".\"id\" = \"films\".\"original_language_id\""
                + " WHERE \"OriginalLanguage\".\"name\" = $1");
        assertThat(sql.binds()).containsExactly("French");
    }

    @Test
    void aNestedPathJoinsEveryLevelWithPathAliases() {
        assertThat(db.model(Film.class).innerJoins("Address.City").toSql().sql()).isEqualTo("SELECT " + FILM_COLUMNS
                + ",\"Address\".\"id\" AS \"Address__id\",\"Address\".\"street\" AS \"Address__street\""
                + ",\"Address\".\"city_id\" AS \"Address__city_id\""
                + ",\"Address__City\".\"id\" AS \"Address__City__id\",\"Address__City\".\"name\" AS \"Address__City__name\""
                + " FROM \"films\" INNER JOIN \"addresses\" \"Address\" ON \"Address\".\"id\" = \"films\".\"address_id\""
                + " INNER JOIN \"cities\" \"Address__City\" ON \"Address__City\".\"id\" = \"Address\".\"city_id\"");
    }

    @Test
    void aLevelGivenTwiceIsJoinedOnceAsTheLastCallSays() {
        String sql = db.model(Film.class).joins("Address.City").innerJoins("address").select("films.id").toSql().sql();

        assertThat(sql).isEqualTo("SELECT \"films\".\"id\" FROM \"films\""
                + " INNER JOIN \"addresses\" \"Address\" ON \"Address\".\"id\" = \"films\".\"address_id\""
                + " LEFT JOIN \"cities\" \"Address__City\" ON \"Address__City\".\"id\" = \"Address\".\"city_id\"");
    }

    @Test
    void columnConditionsOfAJoinMoveToItsAlias() {
        Sql sql = db.model(Film.class).select("films.id")
                .joins("OriginalLanguage", q -> q.where(Map.of("name", List.of("French", "German")))
                        .not(Map.of("id", 3)))
                .toSql();

        assertThat(sql.sql()).isEqualTo("SELECT \"films\".\"id\" FROM \"films\" LEFT JOIN \"languages\""
                + " \"OriginalLanguage\" ON (\"OriginalLanguage\".\"id\" = \"films\".\"original_language_id\")"
                + " AND (\"OriginalLanguage\".\"name\" IN ($1,$2)) AND NOT (\"OriginalLanguage\".\"id\" = $3)");
        assertThat(sql.binds()).containsExactly("French", "German", 3);
    }

    @Test
    void joinedColumnsCanBeSelectedAndOrderedByAlias() {
        assertThat(db.model(Film.class).joins("Address.City").select("films.id, Address__City.name AS city")
                .order("Address__City.name desc").toSql().sql())
                .startsWith("SELECT \"films\".\"id\",\"Address__City\".\"name\" AS \"city\" FROM \"films\" LEFT JOIN")
                .endsWith(" ORDER BY \"Address__City\".\"name\" DESC");
        assertThat(db.model(Film.class).joins("Address.City").where(Map.of("Address.City.name", "Oslo")).toSql()
                .sql()).endsWith(" WHERE \"Address__City\".\"name\" = $1");
    }

    @Test
    void aNameThatIsNoAssociationIsRefusedNamingTheModelsAssociations() {
        assertThatThrownBy(() -> db.model(Film.class).joins("Langauge"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("joins(\"Langauge\")")
                .hasMessageContaining(Film.class.getName())
                .hasMessageContaining("originalLanguage")
                .hasMessageContaining("address");
        assertThatThrownBy(() -> db.model(Film.class).joins("Address.Town"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("joins(\"Address.Town\")")
                .hasMessageContaining(Address.class.getName());
        assertThatThrownBy(() -> db.model(Film.class).innerJoins("Subtitles"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("use preload");
        assertThatThrownBy(() -> db.model(Film.class).joins("Nope", q -> q))
                .isInstanceOf(InvalidModelException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> db.table("films").joins("Language"))
                .withMessageContaining("without a model");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> db.model(Film.class).where(Map.of("Langauge.name", "x")))
                .withMessageContaining("Langauge.name");
    }

    @Test
    void sqlJoinsAreKeptAsWritten() {
        Sql sql = db.model(Film.class).joins("LEFT JOIN languages l ON l.id = films.language_id AND l.name = ?", "x")
                .toSql();

        assertThat(sql.sql()).isEqualTo("SELECT " + FILM_COLUMNS + " FROM \"films\""
                + " LEFT JOIN languages l ON l.id = films.language_id AND l.name = $1");
        assertThat(sql.binds()).containsExactly("x");
    }

    @Test
    void toSqlIsWhatADryRunSends() {
        List<String> logged = new CopyOnWriteArrayList<>();
        try (Db dry = Db.open(NO_DATABASE, Config.builder().dialect(new TestDialect())
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql.sql()))
                .session(Session.builder().dryRun(true).build()).build())) {
            List<Query<Film>> queries = List.of(
                    dry.model(Film.class).joins("Language").joins("OriginalLanguage").where("title = ?", "x"),
                    dry.model(Film.class).innerJoins("Address.City").order("id").limit(5),
                    dry.model(Film.class).preload("Subtitles"),
                    dry.model(Film.class).joins("Language").preload("Subtitles").order("title"));
            for (Query<Film> q : queries) {
                logged.clear();
                q.find().collectList().block();
                assertThat(logged).containsExactly(q.toSql().sql());
            }
        }
        assertThat(db.model(Film.class).preload("Subtitles").toSql().sql())
                .isEqualTo("SELECT * FROM \"films\" ORDER BY \"films\".\"id\" LIMIT 1000");
    }
}
