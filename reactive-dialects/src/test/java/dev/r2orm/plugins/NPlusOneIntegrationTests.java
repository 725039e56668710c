package dev.r2orm.plugins;

import static dev.r2orm.plugins.Library.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.NPlusOneDetector;
import dev.r2orm.plugins.Library.Author;
import dev.r2orm.plugins.Library.Book;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/** The N+1 detector: loops of one query warn once per call site with the preload that replaces them. */
class NPlusOneIntegrationTests {

    private static Queue<String> detected(Db db, TestDatabase target) {
        Library.create(db, target);
        List<Author> authors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            authors.add(new Author("author " + i, new Book("book " + i)));
        }
        db.createAll(authors).then().block(TIMEOUT);
        Queue<String> warnings = new ConcurrentLinkedQueue<>();
        db.use(NPlusOneDetector.threshold(10, warnings::add));
        return warnings;
    }

    @DatabaseTest
    void aLoopOfLookupsByKeyIsReportedOncePerCallSite(Db db, TestDatabase target) {
        Queue<String> warnings = detected(db, target);
        List<Long> ids = db.model(Author.class).pluck("id", Long.class).collectList().block(TIMEOUT);

        for (int run = 0; run < 2; run++) {
            Flux.fromIterable(ids).concatMap(id -> db.model(Author.class).first(id)).then()
                    .contextWrite(Context.of("request", run)).block(TIMEOUT);
        }

        assertThat(warnings).hasSize(1);
        assertThat(warnings.peek())
                .startsWith("N+1: SELECT")
                .contains("ran 11 times with different values in one pipeline")
                .contains("called at dev.r2orm.plugins.NPlusOneIntegrationTests.lambda$aLoopOfLookupsByKey")
                .contains("NPlusOneIntegrationTests.java:")
                .contains("read them in one query (find(ids)");
    }

    @DatabaseTest
    void childrenReadOnePerParentNameTheAssociationToPreload(Db db, TestDatabase target) {
        Queue<String> warnings = detected(db, target);

        db.model(Author.class).find()
                .concatMap(a -> db.model(Book.class).where("author_id = ?", a.id).find())
                .then().contextWrite(Context.of("request", 1)).block(TIMEOUT);

        assertThat(warnings).singleElement().asString()
                .contains("books")
                .contains("db.model(Author.class).preload(\"books\") reads them in one query");
    }

    @DatabaseTest
    void aPreloadTheSameValuesAndFewRunsAreNotReported(Db db, TestDatabase target) {
        Queue<String> warnings = detected(db, target);
        Long first = db.model(Author.class).pluck("id", Long.class).blockFirst(TIMEOUT);

        db.model(Author.class).preload("books").find().then().contextWrite(Context.of("request", 1)).block(TIMEOUT);
        Flux.range(0, 20).concatMap(i -> db.model(Author.class).first(first)).then()
                .contextWrite(Context.of("request", 2)).block(TIMEOUT);
        db.model(Author.class).limit(10).find().concatMap(a -> db.model(Book.class).where("author_id = ?", a.id)
                .find()).then().contextWrite(Context.of("request", 3)).block(TIMEOUT);
        for (int i = 0; i < 12; i++) {
            db.model(Author.class).where("name = ?", "author " + i).first().contextWrite(Context.of("request", 10 + i))
                    .block(TIMEOUT);
        }

        assertThat(warnings).as("a preload, one key twenty times, ten children, twelve separate pipelines").isEmpty();
    }

    @DatabaseTest(TestDatabase.H2)
    void developmentModeInstallsTheDetector(TestDatabase target, TestUrl url) {
        try (Db dev = Db.open(url.value(), target.configure(Config.builder().development(true)).build());
                Db prod = Db.open(url.value(), target.configure(Config.builder()).build())) {
            assertThat(dev.plugins()).containsOnlyKeys("n+1");
            assertThat(prod.plugins()).isEmpty();
            assertThat(Config.defaults().development()).isFalse();
        }
    }
}
