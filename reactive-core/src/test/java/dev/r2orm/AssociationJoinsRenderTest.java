package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
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

    @Test
    void toSqlIsWhatADryRunSends() {
        List<String> logged = new CopyOnWriteArrayList<>();
        try (Db dry = Db.open(NO_DATABASE, Config.builder().dialect(new TestDialect())
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql.sql()))
                .session(Session.builder().dryRun(true).build()).build())) {
            List<Query<Film>> queries = List.of(
                    dry.model(Film.class).joins("Language").where("title = ?", "x"),
                    dry.model(Film.class).innerJoins("Language").order("id").limit(5),
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
        assertThat(db.model(Film.class).joins("Language").toSql().sql()).contains(" LEFT JOIN ");
    }
}
