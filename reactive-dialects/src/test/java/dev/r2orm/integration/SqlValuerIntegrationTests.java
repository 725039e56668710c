package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.SqlValuer;
import dev.r2orm.schema.Converter;
import dev.r2orm.testkit.DatabaseTest;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.test.StepVerifier;

/** Field values that write themselves as SQL ({@link SqlValuer}): the database applies the expression. */
class SqlValuerIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A slug the database lower-cases as it is written. */
    static final class Slug implements SqlValuer {
        final String text;

        Slug(String text) {
            this.text = text;
        }

        @Override
        public Expr toExpr() {
            return Expr.of("LOWER(?)", text);
        }
    }

    /** Reads the stored text back as a slug (writes of a slug go through its expression). */
    static final class SlugConverter implements Converter<Slug, String> {
        @Override
        public Class<String> storedType() {
            return String.class;
        }

        @Override
        public String toDatabase(Slug value) {
            return value.text;
        }

        @Override
        public Slug fromDatabase(String value, Type javaType) {
            return new Slug(value);
        }
    }

    static class Article {
        Long id;
        String title;
        @Serializer(SlugConverter.class)
        Slug slug;

        Article() {
        }

        Article(String title, Slug slug) {
            this.title = title;
            this.slug = slug;
        }
    }

    /** Every row's slug as stored, in key order; "-" for NULL. */
    private static List<String> slugs(Db db) {
        return db.raw("SELECT COALESCE(slug, '-') FROM articles ORDER BY id").scan(String.class).collectList().block(TIMEOUT);
    }

    private static String slug(Db db, long id) {
        return db.raw("SELECT slug FROM articles WHERE id = ?", id).scan(String.class).blockFirst(TIMEOUT);
    }

    @DatabaseTest
    void createWritesTheExpressionAndTheDatabaseAppliesIt(Db db) {
        db.migrator().autoMigrate(Article.class).block(TIMEOUT);

        Article a = db.create(new Article("Hello", new Slug("Hello-World"))).block(TIMEOUT);

        assertThat(a.id).isPositive();
        assertThat(slug(db, a.id)).isEqualTo("hello-world");
        StepVerifier.create(db.model(Article.class).first(a.id))
                .assertNext(r -> {
                    assertThat(r.title).isEqualTo("Hello");
                    assertThat(r.slug.text).isEqualTo("hello-world");
                })
                .verifyComplete();
    }

    @DatabaseTest
    void createAllWritesEveryRowsExpressionWithKeysInOrder(Db db) {
        db.migrator().autoMigrate(Article.class).block(TIMEOUT);
        // on PostgreSQL a chunk with an expression is sent as VALUES rows instead of column arrays
        List<Article> articles = IntStream.range(0, 5)
                .mapToObj(i -> new Article("t" + i, i == 2 ? null : new Slug("Slug-" + i)))
                .collect(Collectors.toList());

        List<Article> created = db.createAll(articles).collectList().block(TIMEOUT);

        assertThat(created).hasSize(5);
        List<Long> ids = created.stream().map(x -> x.id).collect(Collectors.toList());
        assertThat(ids).doesNotContainNull().isSorted().doesNotHaveDuplicates();
        assertThat(slugs(db)).containsExactly("slug-0", "slug-1", "-", "slug-3", "slug-4");
        assertThat(db.raw("SELECT title FROM articles WHERE id = ?", ids.get(3)).scan(String.class)
                .blockFirst(TIMEOUT)).isEqualTo("t3");

        // a chunk without any valuer still goes the usual way
        db.createAll(List.of(new Article("u0", null), new Article("u1", null))).collectList().block(TIMEOUT);
        assertThat(db.model(Article.class).count().block(TIMEOUT)).isEqualTo(7L);
    }

    @DatabaseTest
    void updatesWriteTheExpression(Db db) {
        db.migrator().autoMigrate(Article.class).block(TIMEOUT);
        Article a = db.create(new Article("A", new Slug("First"))).block(TIMEOUT);
        Article b = db.create(new Article("B", new Slug("Other"))).block(TIMEOUT);

        Article changes = new Article(null, new Slug("From-Entity"));
        StepVerifier.create(db.model(Article.class).where("id = ?", a.id).updates(changes)).expectNext(1L)
                .verifyComplete();
        assertThat(slug(db, a.id)).isEqualTo("from-entity");

        StepVerifier.create(db.model(Article.class).where("id = ?", a.id).update("slug", new Slug("ABC")))
                .expectNext(1L).verifyComplete();
        assertThat(slug(db, a.id)).isEqualTo("abc");

        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", "A2");
        values.put("slug", new Slug("From-Map"));
        StepVerifier.create(db.model(Article.class).where("id = ?", a.id).updates(values)).expectNext(1L)
                .verifyComplete();
        assertThat(slug(db, a.id)).isEqualTo("from-map");

        a.title = "A3";
        a.slug = new Slug("Saved");
        db.save(a).block(TIMEOUT);
        assertThat(slug(db, a.id)).isEqualTo("saved");
        assertThat(db.model(Article.class).first(a.id).block(TIMEOUT).title).isEqualTo("A3");

        // the other row is untouched
        assertThat(slug(db, b.id)).isEqualTo("other");
        assertThat(new ArrayList<>(slugs(db))).isEqualTo(Arrays.asList("saved", "other"));
    }
}
