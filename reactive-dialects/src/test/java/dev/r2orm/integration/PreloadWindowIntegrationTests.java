package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Table;
import dev.r2orm.clause.Expr;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A query with preloads holds at most 1,000 parents at once, whatever its order: the parents come in the order asked,
 * each with exactly its associated rows (in the preload's own order), and no preload statement binds more than 1,000
 * keys.
 */
class PreloadWindowIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final int AUTHORS = 2_500;

    @Table("pw_authors")
    static class Author {
        Long id;
        @Column(size = 20)
        String name;
        List<Book> books;
    }

    @Table("pw_books")
    static class Book {
        Long id;
        Long authorId;
        @Column(size = 20)
        String title;
        List<Review> reviews;
    }

    @Table("pw_reviews")
    static class Review {
        Long id;
        Long bookId;
        @Column(size = 20)
        String body;
    }

    /** What the seed wrote: the authors, and each author's books and each book's reviews by id. */
    private record Seeded(List<Author> authors, Map<Long, List<Book>> books, Map<Long, List<Review>> reviews) {
    }

    private static Seeded seed(Db db) {
        db.migrator().autoMigrate(Author.class, Book.class, Review.class).block(TIMEOUT);
        List<Author> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            Author a = new Author();
            a.name = i % 97 == 0 ? null : String.format("n%05d", (i * 7_919) % AUTHORS);
            authors.add(a);
        }
        authors = db.createAll(authors).collectList().block(TIMEOUT);
        List<Book> books = new ArrayList<>();
        for (Author a : authors) {
            for (int k = 0; k < a.id % 4; k++) {
                Book b = new Book();
                b.authorId = a.id;
                b.title = String.format("t%02d", (k * 37 + a.id) % 50);
                books.add(b);
            }
        }
        books = db.createAll(books).collectList().block(TIMEOUT);
        List<Review> reviews = new ArrayList<>();
        for (Book b : books) {
            for (int k = 0; k < b.id % 3; k++) {
                Review r = new Review();
                r.bookId = b.id;
                r.body = "r" + b.id + "-" + k;
                reviews.add(r);
            }
        }
        reviews = db.createAll(reviews).collectList().block(TIMEOUT);
        return new Seeded(authors, books.stream().collect(Collectors.groupingBy(b -> b.authorId)),
                reviews.stream().collect(Collectors.groupingBy(r -> r.bookId)));
    }

    private static Db counting(Db db, TestDatabase target, List<String> statements) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> statements.add(sql.sql()))).build());
    }

    /** The number of values in the first {@code IN (...)} list of a statement, or 0 without one. */
    private static int inKeys(String sql) {
        int at = sql.indexOf(" IN (");
        if (at < 0) {
            return 0;
        }
        int depth = 0;
        int commas = 0;
        for (int i = at + 5; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
        }
        return commas + 1;
    }

    /** The reads as a pattern: {@code A} for a read of authors, {@code B} of books, {@code R} of reviews. */
    private static String pattern(List<String> statements) {
        return statements.stream().filter(s -> s.startsWith("SELECT"))
                .map(s -> s.contains("pw_authors") ? "A" : s.contains("pw_books") ? "B" : "R")
                .collect(Collectors.joining());
    }

    private static void assertBounded(List<String> statements) {
        assertThat(statements).allSatisfy(s -> assertThat(inKeys(s)).isLessThanOrEqualTo(1_000));
    }

    /** The authors sorted by name the way the database sorts, the id breaking ties. */
    private static List<Author> byName(Db db, List<Author> authors, boolean desc) {
        boolean nullsLast = db.dialect().nullsSortHigh() != desc;
        Comparator<String> names = desc ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
        return authors.stream().sorted(Comparator.comparing((Author a) -> a.name,
                        nullsLast ? Comparator.nullsLast(names) : Comparator.nullsFirst(names))
                .thenComparing(a -> a.id)).toList();
    }

    private static List<Long> ids(List<Author> authors) {
        return authors.stream().map(a -> a.id).toList();
    }

    /** Every author has exactly its books, in the order given (by id when null). */
    private static void assertBooks(List<Author> read, Seeded seeded, @Nullable Comparator<Book> order) {
        for (Author a : read) {
            List<Book> expected = new ArrayList<>(seeded.books().getOrDefault(a.id, List.of()));
            expected.sort(order == null ? Comparator.comparing(b -> b.id) : order);
            List<Book> actual = new ArrayList<>(a.books);
            if (order == null) {
                actual.sort(Comparator.comparing(b -> b.id));
            }
            assertThat(actual).extracting(b -> b.id).as("books of author %d", a.id)
                    .containsExactlyElementsOf(expected.stream().map(b -> b.id).toList());
            assertThat(actual).allMatch(b -> b.authorId.equals(a.id));
        }
    }

    @DatabaseTest
    void anOrderByModelColumnsIsReadInWindowsInThatOrder(Db db, TestDatabase target) {
        Seeded seeded = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Author> read = counted.model(Author.class).order("name").preload("Books").find().collectList()
                .block(TIMEOUT);

        assertThat(ids(read)).containsExactlyElementsOf(ids(byName(db, seeded.authors(), false)));
        assertBooks(read, seeded, null);
        assertThat(pattern(statements)).isEqualTo("ABABAB"); // each window's books before the next window
        assertBounded(statements);

        statements.clear();
        read = counted.model(Author.class).order("name desc").preload("Books").find().collectList().block(TIMEOUT);
        assertThat(ids(read)).containsExactlyElementsOf(ids(byName(db, seeded.authors(), true)));
        assertBooks(read, seeded, null);
        assertThat(pattern(statements)).isEqualTo("ABABAB");
        assertBounded(statements);
    }

    @DatabaseTest
    void aPreloadsOwnOrderAndConditionSortTheChildrenAndKeepTheWindows(Db db, TestDatabase target) {
        Seeded seeded = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        Comparator<Book> titleDesc = Comparator.comparing((Book b) -> b.title).reversed();

        List<Author> read = counted.model(Author.class).preload("Books", q -> q.order("title desc")).find()
                .collectList().block(TIMEOUT);
        assertThat(ids(read)).containsExactlyElementsOf(ids(seeded.authors()));
        assertBooks(read, seeded, titleDesc);
        assertThat(pattern(statements)).isEqualTo("ABABAB");
        assertBounded(statements);

        statements.clear();
        read = counted.model(Author.class).order("name").preload("Books",
                q -> q.where("title <> ?", "t07").order("title desc")).find().collectList().block(TIMEOUT);
        assertThat(ids(read)).containsExactlyElementsOf(ids(byName(db, seeded.authors(), false)));
        for (Author a : read) {
            assertThat(a.books).extracting(b -> b.title).containsExactlyElementsOf(seeded.books()
                    .getOrDefault(a.id, List.of()).stream().map(b -> b.title).filter(t -> !t.equals("t07"))
                    .sorted(Comparator.reverseOrder()).toList());
        }
        assertThat(pattern(statements)).isEqualTo("ABABAB");
        assertBounded(statements);
    }

    @DatabaseTest
    void anExpressionOrderStreamsAndPreloadsEveryThousandRows(Db db, TestDatabase target) {
        Seeded seeded = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Author> read = counted.model(Author.class).order(Expr.raw("MOD(id, 7), id")).preload("Books").find()
                .collectList().block(TIMEOUT);

        assertThat(ids(read)).containsExactlyElementsOf(seeded.authors().stream()
                .sorted(Comparator.comparing((Author a) -> a.id % 7).thenComparing(a -> a.id)).map(a -> a.id).toList());
        assertBooks(read, seeded, null);
        // one read of the authors, streamed; the books of every 1,000 of them as they arrive
        assertThat(pattern(statements)).hasSize(4).containsOnlyOnce("A");
        assertThat(pattern(statements).replace("A", "")).isEqualTo("BBB");
        assertBounded(statements);
    }

    @DatabaseTest
    void nestedPreloadsAreLoadedPerWindow(Db db, TestDatabase target) {
        Seeded seeded = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Author> read = counted.model(Author.class).order("name desc").preload("Books", q -> q.order("title"))
                .preload("Books.Reviews", q -> q.order("body desc")).find().collectList().block(TIMEOUT);

        assertThat(ids(read)).containsExactlyElementsOf(ids(byName(db, seeded.authors(), true)));
        assertBooks(read, seeded, Comparator.comparing(b -> b.title));
        for (Author a : read) {
            for (Book b : a.books) {
                assertThat(b.reviews).extracting(r -> r.body).containsExactlyElementsOf(seeded.reviews()
                        .getOrDefault(b.id, List.of()).stream().map(r -> r.body).sorted(Comparator.reverseOrder())
                        .toList());
            }
        }
        assertThat(pattern(statements)).matches("(ABR+){3}");
        assertBounded(statements);
    }

    @DatabaseTest
    void aLimitAboveOneWindowCapsTheWindows(Db db, TestDatabase target) {
        Seeded seeded = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Author> read = counted.model(Author.class).order("name").limit(1_500).offset(100).preload("Books")
                .find().collectList().block(TIMEOUT);
        assertThat(ids(read)).containsExactlyElementsOf(ids(byName(db, seeded.authors(), false)).subList(100, 1_600));
        assertBooks(read, seeded, null);
        assertThat(pattern(statements)).isEqualTo("ABAB");
        assertBounded(statements);

        statements.clear();
        read = counted.model(Author.class).limit(300).preload("Books").find().collectList().block(TIMEOUT);
        assertThat(read).hasSize(300);
        assertBooks(read, seeded, null);
        assertThat(pattern(statements)).isEqualTo("AB"); // a limit within one window: one read, one preload
    }

    @DatabaseTest
    void inATransactionTheWindowsShareItsConnection(Db db) {
        Seeded seeded = seed(db);
        Map<String, List<Author>> read = new HashMap<>();
        read.put("name", db.transaction(tx -> tx.model(Author.class).order("name").preload("Books").find())
                .collectList().block(TIMEOUT));
        read.put("expression", db.transaction(tx -> tx.model(Author.class).order(Expr.raw("MOD(id, 7), id"))
                .preload("Books").find()).collectList().block(TIMEOUT));
        assertThat(ids(read.get("name"))).containsExactlyElementsOf(ids(byName(db, seeded.authors(), false)));
        assertThat(read.get("expression")).hasSize(AUTHORS);
        read.values().forEach(r -> assertBooks(r, seeded, null));
    }

    @DatabaseTest(TestDatabase.H2)
    void windowsNeedTheKeysSelected(Db db) {
        seed(db);
        List<Author> read = db.model(Author.class).select("id", "name").order("name").preload("Books").find()
                .collectList().block(TIMEOUT);
        assertThat(read).hasSize(AUTHORS).allMatch(a -> a.books != null);
        // without the primary key the rows cannot be windowed: the one result streams instead, every row read
        assertThat(db.model(Author.class).select("name").preload("Books").find().count().block(TIMEOUT))
                .isEqualTo(AUTHORS);
        assertThatThrownBy(() -> db.model(Author.class).select("name").findInBatches(10))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("select id too");
    }
}
