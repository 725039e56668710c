package dev.r2orm.clause;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.NoDatabase;
import dev.r2orm.R2ormException;
import dev.r2orm.Session;
import dev.r2orm.TestDialect;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.schema.Converter;
import dev.r2orm.schema.Field;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SQL and binds of writes whose field values are {@link SqlValuer}s, rendered without a database (dry run). */
class SqlValuerRenderTest {

    private static final AtomicInteger RENDERED = new AtomicInteger();
    private static final AtomicInteger CONVERTED = new AtomicInteger();

    /** Written as {@code LOWER(?)}. */
    static final class Slug implements SqlValuer {
        final String text;

        Slug(String text) {
            this.text = text;
        }

        @Override
        public Expr toExpr() {
            RENDERED.incrementAndGet();
            return Expr.of("LOWER(?)", text);
        }
    }

    /** Reads a slug back; its toDatabase is never used for a valuer. */
    static final class SlugConverter implements Converter<Slug, String> {
        @Override
        public Class<String> storedType() {
            return String.class;
        }

        @Override
        public String toDatabase(Slug value) {
            CONVERTED.incrementAndGet();
            return value.text;
        }

        @Override
        public Slug fromDatabase(String value, Type javaType) {
            return new Slug(value);
        }
    }

    static class Place {
        Long id;
        String name;
        @Serializer(SlugConverter.class)
        Slug slug;

        Place() {
        }

        Place(String name, @Nullable Slug slug) {
            this.name = name;
            this.slug = slug;
        }
    }

    /** {@link TestDialect} that sends multi-row inserts as column arrays, as PostgreSQL does. */
    static final class ArrayDialect implements Dialect {
        private final TestDialect base = new TestDialect();

        @Override
        public String name() {
            return "TestArrays";
        }

        @Override
        public boolean matches(ConnectionFactoryMetadata metadata) {
            return false;
        }

        @Override
        public void bindMarker(StringBuilder sql, int index) {
            base.bindMarker(sql, index);
        }

        @Override
        public KeyStrategy keyStrategy() {
            return KeyStrategy.RETURNING;
        }

        @Override
        public String columnType(Field field) {
            return base.columnType(field);
        }

        @Override
        public String autoIncrementType(Field field) {
            return base.autoIncrementType(field);
        }

        @Override
        public String hasTableSql() {
            return base.hasTableSql();
        }

        @Override
        public R2ormException translate(Throwable error, String sql) {
            return base.translate(error, sql);
        }

        @Override
        public String hasConstraintSql() {
            return base.hasConstraintSql();
        }

        @Override
        public @Nullable String arrayElementType(Class<?> storedType) {
            return storedType == String.class ? "text" : storedType == Long.class ? "bigint" : null;
        }
    }

    private final List<Sql> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        RENDERED.set(0);
        CONVERTED.set(0);
        logged.clear();
    }

    private Db dryRun(Dialect dialect) {
        return Db.open(NoDatabase.INSTANCE, Config.builder().dialect(dialect)
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql))
                .session(Session.builder().dryRun(true).build()).build());
    }

    @Test
    void createWritesTheExpressionInPlaceOfTheBindMarker() {
        try (Db db = dryRun(new TestDialect())) {
            db.create(new Place("Main Street", new Slug("Main-Street"))).block();
        }
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).sql())
                .isEqualTo("INSERT INTO \"places\" (\"name\",\"slug\") VALUES ($1,LOWER($2)) RETURNING \"id\"");
        assertThat(logged.get(0).binds()).containsExactly("Main Street", "Main-Street");
        assertThat(RENDERED).hasValue(1);
        assertThat(CONVERTED).hasValue(0);
    }

    @Test
    void createAllWritesOneExpressionPerRowAndBindsPlainValuesOfOtherRows() {
        try (Db db = dryRun(new TestDialect())) {
            db.createAll(List.of(new Place("a", new Slug("A")), new Place("b", null), new Place("c", new Slug("C"))))
                    .blockLast();
        }
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).sql()).isEqualTo("INSERT INTO \"places\" (\"name\",\"slug\") VALUES"
                + " ($1,LOWER($2)),($3,$4),($5,LOWER($6)) RETURNING \"id\"");
        assertThat(logged.get(0).binds()).containsExactly("a", "A", "b", null, "c", "C");
        assertThat(RENDERED).hasValue(2);
        assertThat(CONVERTED).hasValue(0);
    }

    @Test
    void aChunkWithAValuerFallsBackFromColumnArraysToValuesRows() {
        try (Db db = dryRun(new ArrayDialect())) {
            db.createAll(List.of(new Place("a", null), new Place("b", null))).blockLast();
            db.createAll(List.of(new Place("a", null), new Place("b", new Slug("B")))).blockLast();
        }
        assertThat(logged).hasSize(2);
        // without a valuer the rows go as one array per column
        assertThat(logged.get(0).sql()).isEqualTo("INSERT INTO \"places\" (\"name\",\"slug\") SELECT * FROM"
                + " unnest(CAST($1 AS text[]),CAST($2 AS text[])) RETURNING \"id\"");
        // with one, as VALUES rows: the expression is rendered once per row that holds it
        assertThat(logged.get(1).sql()).isEqualTo("INSERT INTO \"places\" (\"name\",\"slug\") VALUES"
                + " ($1,$2),($3,LOWER($4)) RETURNING \"id\"");
        assertThat(logged.get(1).binds()).containsExactly("a", null, "b", "B");
        assertThat(RENDERED).hasValue(1);
        assertThat(CONVERTED).hasValue(0);
    }

    @Test
    void updatesFromAnEntityWriteTheExpression() {
        Place p = new Place(null, new Slug("New-Slug"));
        try (Db db = dryRun(new TestDialect())) {
            db.model(Place.class).where("id = ?", 7).updates(p).block();
        }
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).sql()).isEqualTo("UPDATE \"places\" SET \"slug\"=LOWER($1) WHERE id = $2");
        assertThat(logged.get(0).binds()).containsExactly("New-Slug", 7);
        assertThat(CONVERTED).hasValue(0);
    }

    @Test
    void saveWritesTheExpressionAmongEveryColumn() {
        Place p = new Place("x", new Slug("X"));
        p.id = 3L;
        try (Db db = dryRun(new TestDialect())) {
            db.save(p).block();
        }
        // a dry-run update matches no row, so save goes on to insert: both statements write the expression
        assertThat(logged).hasSizeGreaterThanOrEqualTo(1);
        assertThat(logged.get(0).sql())
                .isEqualTo("UPDATE \"places\" SET \"name\"=$1,\"slug\"=LOWER($2) WHERE \"places\".\"id\" = $3");
        assertThat(logged.get(0).binds()).containsExactly("x", "X", 3L);
        assertThat(CONVERTED).hasValue(0);
    }

    @Test
    void updateOfOneColumnAndUpdatesOfAMapWriteTheExpression() {
        try (Db db = dryRun(new TestDialect())) {
            db.model(Place.class).where("id = ?", 1).update("slug", new Slug("ABC")).block();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", "n");
            values.put("slug", new Slug("DEF"));
            db.model(Place.class).where("id = ?", 2).updates(values).block();
            db.table("places").where("id = ?", 3).update("slug", new Slug("GHI")).block();
        }
        List<String> sql = new ArrayList<>();
        List<List<Object>> binds = new ArrayList<>();
        for (Sql s : logged) {
            sql.add(s.sql());
            binds.add(s.binds());
        }
        assertThat(sql).containsExactly(
                "UPDATE \"places\" SET \"slug\"=LOWER($1) WHERE id = $2",
                "UPDATE \"places\" SET \"name\"=$1,\"slug\"=LOWER($2) WHERE id = $3",
                "UPDATE \"places\" SET \"slug\"=LOWER($1) WHERE id = $2");
        assertThat(binds).containsExactly(Arrays.asList("ABC", 1), Arrays.asList("n", "DEF", 2),
                Arrays.asList("GHI", 3));
        assertThat(CONVERTED).hasValue(0);
    }
}
