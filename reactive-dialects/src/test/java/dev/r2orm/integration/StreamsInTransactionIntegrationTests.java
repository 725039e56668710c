package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.Table;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A transaction has one connection, which serves one result at a time: a statement issued while a query of the same
 * transaction still streams must not wait forever for it. The query reads the rest of its rows ahead instead, so
 * every shape below completes, with the values a plain read gives.
 */
class StreamsInTransactionIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * More rows than fit in the socket buffers and a fetch of 1,000: the driver keeps the rest of the result on the
     * connection until they are requested, and without spilling the first nested statement waits for them forever.
     */
    private static final int AUTHORS = 1_500;

    @Table("st_authors")
    static class Author {
        Long id;
        String name;
    }

    @Table("st_books")
    static class Book {
        Long id;
        Long authorId;
        String title;
    }

    private static void seed(Db db) {
        db.migrator().autoMigrate(Author.class, Book.class).block(TIMEOUT);
        List<Author> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            Author a = new Author();
            a.name = "author " + i;
            authors.add(a);
        }
        db.createAll(authors).then().block(TIMEOUT);
        List<Book> books = new ArrayList<>();
        for (Author a : authors) {
            for (int k = 0; k <= a.id % 3; k++) {
                Book b = new Book();
                b.authorId = a.id;
                b.title = a.name + " book " + k;
                books.add(b);
            }
        }
        db.createAll(books).then().block(TIMEOUT);
    }

    private static List<Long> expectedCounts(Db db) {
        return db.model(Author.class).order("id").find()
                .concatMap(a -> db.model(Book.class).where("author_id = ?", a.id).count())
                .collectList().block(TIMEOUT);
    }

    @DatabaseTest
    void aCountPerRowWithConcatMapCompletes(Db db) {
        seed(db);
        List<Long> expected = expectedCounts(db);
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).order("id").find()
                        .concatMap(a -> tx.model(Book.class).where("author_id = ?", a.id).count())).collectList())
                .assertNext(counts -> assertThat(counts).isEqualTo(expected).hasSize(AUTHORS))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @DatabaseTest
    void flatMapAndTakeAndASmallFetchSizeComplete(Db db) {
        seed(db);
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).find()
                        .flatMap(a -> tx.model(Book.class).where("author_id = ?", a.id).count(), 4)
                        .reduce(0L, Long::sum)))
                .expectNext(db.model(Book.class).count().block(TIMEOUT))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).order("id").fetchSize(2).find().take(5)
                        .concatMap(a -> tx.model(Book.class).where("author_id = ?", a.id).find().map(b -> b.title))))
                .expectNextCount(db.model(Book.class).where("author_id <= ?", 5).count().block(TIMEOUT))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @DatabaseTest
    void writesAndSavepointsInsideAStreamComplete(Db db) {
        seed(db);
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).order("id").find()
                        .concatMap(a -> tx.model(Book.class).where("author_id = ?", a.id).update("title", "renamed")
                                .thenMany(tx.transaction(inner -> inner.model(Author.class).where("id = ?", a.id)
                                        .update("name", "renamed " + a.id))))
                        .count()))
                .expectNext((long) AUTHORS)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(db.model(Book.class).where("title = ?", "renamed").count().block(TIMEOUT))
                .isEqualTo(db.model(Book.class).count().block(TIMEOUT));
        assertThat(db.model(Author.class).where("name LIKE ?", "renamed %").count().block(TIMEOUT))
                .isEqualTo(AUTHORS);
    }

    @DatabaseTest
    void anErrorInTheNestedStatementRollsBackAndFreesTheConnection(Db db) {
        seed(db);
        StepVerifier.create(db.transaction(tx -> tx.model(Author.class).order("id").fetchSize(5).find()
                        .concatMap(a -> a.id > 3 ? Mono.error(new IllegalStateException("stop at " + a.id))
                                : tx.model(Author.class).where("id = ?", a.id).update("name", "gone"))))
                .expectNextCount(3)
                .expectErrorMessage("stop at 4")
                .verify(TIMEOUT);
        assertThat(db.model(Author.class).where("name = ?", "gone").count().block(TIMEOUT)).isZero();
        assertThat(Flux.range(0, 3).concatMap(i -> db.model(Author.class).count()).blockLast(TIMEOUT))
                .isEqualTo(AUTHORS);
    }
}
