package dev.r2orm.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.r2orm.Statement;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.From;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Returning;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Values;
import dev.r2orm.clause.Where;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import io.r2dbc.spi.ConnectionMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DialectRenderTest {

    private static final Statement SELECT = Statement.of("users", null)
            .with(Select.ALL)
            .with(new From("users"))
            .with(Where.of(Expr.of("age > ? AND name IN ?", 18, List.of("a", "b"))))
            .with(new OrderBy(List.of(new OrderBy.Item(Column.of("age"), true),
                    new OrderBy.Item(new Column("users", "name"), false))))
            .with(new Limit(10, 20));

    private static final Statement INSERT = Statement.of("users", null)
            .with(new Insert("users", List.of("name", "age")))
            .with(new Values(List.of(List.of("Ann", 30), Arrays.asList("Bob", Values.DEFAULT)),
                    List.of(String.class, Integer.class)));

    static Stream<Arguments> selects() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "SELECT * FROM \"users\" WHERE age > $1 AND name IN ($2,$3)"
                        + " ORDER BY \"age\" DESC,\"users\".\"name\" LIMIT 10 OFFSET 20"),
                Arguments.of(MySqlDialect.mysql(), "SELECT * FROM `users` WHERE age > ? AND name IN (?,?)"
                        + " ORDER BY `age` DESC,`users`.`name` LIMIT 10 OFFSET 20"),
                Arguments.of(MySqlDialect.mariaDb(), "SELECT * FROM `users` WHERE age > ? AND name IN (?,?)"
                        + " ORDER BY `age` DESC,`users`.`name` LIMIT 10 OFFSET 20"),
                Arguments.of(new H2Dialect(), "SELECT * FROM \"users\" WHERE age > $1 AND name IN ($2,$3)"
                        + " ORDER BY \"age\" DESC,\"users\".\"name\" LIMIT 10 OFFSET 20"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selects")
    void selectRendersMarkersQuotesAndLimitPerDialect(Dialect dialect, String expected) {
        Sql sql = SELECT.render(dialect, Statement.SELECT);

        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).containsExactly(18, "a", "b");
        assertThat(sql.types()).containsExactly(Integer.class, String.class, String.class);
    }

    static Stream<Arguments> offsetsWithoutLimit() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "SELECT * FROM \"users\" OFFSET 5"),
                Arguments.of(MySqlDialect.mysql(), "SELECT * FROM `users` LIMIT 18446744073709551615 OFFSET 5"),
                Arguments.of(MySqlDialect.mariaDb(), "SELECT * FROM `users` LIMIT 18446744073709551615 OFFSET 5"),
                Arguments.of(new H2Dialect(), "SELECT * FROM \"users\" OFFSET 5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offsetsWithoutLimit")
    void offsetWithoutLimit(Dialect dialect, String expected) {
        Statement s = Statement.of("users", null).with(Select.ALL).with(new From("users")).with(new Limit(-1, 5));

        assertThat(s.render(dialect, Statement.SELECT).sql()).isEqualTo(expected);
    }

    static Stream<Arguments> limitsOnly() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "LIMIT 3"),
                Arguments.of(MySqlDialect.mysql(), "LIMIT 3"),
                Arguments.of(MySqlDialect.mariaDb(), "LIMIT 3"),
                Arguments.of(new H2Dialect(), "LIMIT 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitsOnly")
    void limitWithoutOffset(Dialect dialect, String expected) {
        SqlWriter w = new SqlWriter(dialect);
        new Limit(3, 0).build(w);

        assertThat(w.toSql().sql()).isEqualTo(expected);
    }

    static Stream<Arguments> inserts() {
        return Stream.of(
                Arguments.of(new PostgresDialect(),
                        "INSERT INTO \"users\" (\"name\",\"age\") VALUES ($1,$2),($3,DEFAULT)"),
                Arguments.of(MySqlDialect.mysql(), "INSERT INTO `users` (`name`,`age`) VALUES (?,?),(?,DEFAULT)"),
                Arguments.of(MySqlDialect.mariaDb(), "INSERT INTO `users` (`name`,`age`) VALUES (?,?),(?,DEFAULT)"),
                Arguments.of(new H2Dialect(), "INSERT INTO \"users\" (\"name\",\"age\") VALUES ($1,$2),($3,DEFAULT)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inserts")
    void multiRowInsertPerDialect(Dialect dialect, String expected) {
        Sql sql = INSERT.render(dialect, Statement.INSERT);

        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).containsExactly("Ann", 30, "Bob");
    }

    static Stream<Arguments> returningInserts() {
        return Stream.of(
                Arguments.of(new PostgresDialect(),
                        "INSERT INTO \"users\" (\"name\",\"age\") VALUES ($1,$2),($3,DEFAULT) RETURNING \"id\""),
                Arguments.of(MySqlDialect.mariaDb(),
                        "INSERT INTO `users` (`name`,`age`) VALUES (?,?),(?,DEFAULT) RETURNING `id`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("returningInserts")
    void insertWithReturningOnTheDialectsThatReturnKeysThatWay(Dialect dialect, String expected) {
        Sql sql = INSERT.with(new Returning(List.of("id"))).render(dialect, Statement.INSERT);

        assertThat(dialect.keyStrategy()).isEqualTo(KeyStrategy.RETURNING);
        assertThat(sql.sql()).isEqualTo(expected);
        assertThat(sql.binds()).containsExactly("Ann", 30, "Bob");
    }

    static Stream<Arguments> quoting() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "a\"b", "PostgreSQL"),
                Arguments.of(MySqlDialect.mysql(), "a`b", "MySQL"),
                Arguments.of(MySqlDialect.mariaDb(), "a`b", "MariaDB"),
                Arguments.of(new H2Dialect(), "a\"b", "H2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoting")
    void identifierHoldingTheQuoteCharIsRejectedNamingTheDialect(Dialect dialect, String bad, String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> dialect.quote(new StringBuilder(), bad))
                .withMessageContaining(bad)
                .withMessageContaining(name);
        assertThatIllegalArgumentException().isThrownBy(() -> dialect.quote(new StringBuilder(), "a\0b"))
                .withMessageContaining(name);
        assertThatIllegalArgumentException().isThrownBy(() -> dialect.quote(new StringBuilder(), ""))
                .withMessageContaining(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoting")
    void identifierHoldingTheOtherDialectsQuoteIsQuotedAsItIs(Dialect dialect, String bad, String name) {
        String other = bad.contains("`") ? "a\"b" : "a`b";
        char q = dialect.quoteChar();
        StringBuilder sql = new StringBuilder();

        dialect.quote(sql, other);

        assertThat(sql.toString()).isEqualTo(q + other + q);
    }

    @Test
    void aLongInListIsOneArrayOnPostgresAndMarkersElsewhere() {
        List<Long> keys = LongStream.rangeClosed(1, In.ARRAY_FROM).boxed().toList();
        In in = new In(new Column("t", "id"), keys, Long.class);

        Sql pg = render(new PostgresDialect(), in);
        assertThat(pg.sql()).isEqualTo("\"t\".\"id\" = ANY(CAST($1 AS bigint[]))");
        assertThat(pg.binds()).hasSize(1);
        assertThat((Object[]) pg.binds().get(0)).containsExactlyElementsOf(keys);

        assertThat(render(new H2Dialect(), in).binds()).hasSize(In.ARRAY_FROM);
        assertThat(render(MySqlDialect.mariaDb(), in).sql()).startsWith("`t`.`id` IN (?,?,");
    }

    @Test
    void aShortOrMixedInListKeepsItsMarkersOnPostgres() {
        List<Long> few = LongStream.rangeClosed(1, In.ARRAY_FROM - 1).boxed().toList();
        assertThat(render(new PostgresDialect(), new In(new Column("t", "id"), few, Long.class)).binds())
                .hasSize(In.ARRAY_FROM - 1);

        List<Object> mixed = new java.util.ArrayList<>(LongStream.rangeClosed(1, In.ARRAY_FROM).boxed().toList());
        mixed.set(3, 4); // an Integer among Longs: the array would not be of one type
        Sql sql = render(new PostgresDialect(), new In(new Column("t", "id"), mixed, Long.class));
        assertThat(sql.sql()).contains(" IN ($1,$2,");
        assertThat(sql.binds()).hasSize(In.ARRAY_FROM);
    }

    private static Sql render(Dialect dialect, In in) {
        SqlWriter w = new SqlWriter(dialect);
        in.build(w);
        return w.toSql();
    }

    @Test
    void mySqlBindsUuidAsItsString() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

        assertThat(MySqlDialect.mysql().bindValue(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(MySqlDialect.mariaDb().bindValue(id)).isEqualTo(id.toString());
        assertThat(MySqlDialect.mysql().bindValue(5)).isEqualTo(5);
    }

    @Test
    void mySqlUuidBindGoesThroughTheWriter() {
        UUID id = UUID.randomUUID();
        SqlWriter w = new SqlWriter(MySqlDialect.mysql());

        w.keyword("id = ").bind(id);

        assertThat(w.toSql().sql()).isEqualTo("id = ?");
        assertThat(w.toSql().binds()).containsExactly(id.toString());
    }

    @Test
    void postgresAndH2BindUuidAsItIs() {
        UUID id = UUID.randomUUID();

        assertThat(new PostgresDialect().bindValue(id)).isSameAs(id);
        assertThat(new H2Dialect().bindValue(id)).isSameAs(id);
    }

    static Stream<Arguments> keyStrategies() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), KeyStrategy.RETURNING, "PostgreSQL"),
                Arguments.of(new H2Dialect(), KeyStrategy.GENERATED_VALUES, "H2"),
                Arguments.of(MySqlDialect.mysql(), KeyStrategy.LAST_INSERT_ID, "MySQL"),
                Arguments.of(MySqlDialect.mariaDb(), KeyStrategy.RETURNING, "MariaDB"),
                Arguments.of(new MySqlDialect(), KeyStrategy.LAST_INSERT_ID, "MySQL"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("keyStrategies")
    void keyStrategyAndNamePerDialect(Dialect dialect, KeyStrategy keys, String name) {
        assertThat(dialect.keyStrategy()).isEqualTo(keys);
        assertThat(dialect.name()).isEqualTo(name);
    }

    private static ConnectionMetadata metadata(String product, String version) {
        return new ConnectionMetadata() {
            @Override
            public String getDatabaseProductName() {
                return product;
            }

            @Override
            public String getDatabaseVersion() {
                return version;
            }
        };
    }

    static Stream<Arguments> serverVersions() {
        return Stream.of(
                Arguments.of("MariaDB", "5.5.5-10.11.19-MariaDB-0+deb12u1", "MariaDB", KeyStrategy.RETURNING),
                Arguments.of("MySQL", "5.5.5-10.11.19-MariaDB-0+deb12u1", "MariaDB", KeyStrategy.RETURNING),
                Arguments.of("MariaDB", "10.5.0-MariaDB", "MariaDB", KeyStrategy.RETURNING),
                Arguments.of("MariaDB", "11.4.2-MariaDB-ubu2404", "MariaDB", KeyStrategy.RETURNING),
                Arguments.of("MariaDB", "10.4.3-MariaDB", "MariaDB", KeyStrategy.LAST_INSERT_ID),
                Arguments.of("MySQL", "8.0.36", "MySQL", KeyStrategy.LAST_INSERT_ID),
                Arguments.of("MySQL", "8.4.0-commercial", "MySQL", KeyStrategy.LAST_INSERT_ID));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverVersions")
    void mySqlDialectIsRefinedByTheServerVersion(String product, String version, String name, KeyStrategy keys) {
        Dialect refined = new MySqlDialect().refine(metadata(product, version));

        assertThat(refined.name()).isEqualTo(name);
        assertThat(refined.keyStrategy()).isEqualTo(keys);
        assertThat(refined.refine(metadata("MySQL", "8.0.36"))).isSameAs(refined);
    }

    @Test
    void explicitMySqlAndMariaDbDialectsAreNotRefined() {
        MySqlDialect mysql = MySqlDialect.mysql();
        MySqlDialect maria = MySqlDialect.mariaDb();

        assertThat(mysql.refine(metadata("MariaDB", "5.5.5-10.11.19-MariaDB-0+deb12u1"))).isSameAs(mysql);
        assertThat(maria.refine(metadata("MySQL", "8.0.36"))).isSameAs(maria);
    }

    @Test
    void postgresAndH2AreNotRefined() {
        PostgresDialect pg = new PostgresDialect();
        H2Dialect h2 = new H2Dialect();

        assertThat(pg.refine(metadata("PostgreSQL", "16.2"))).isSameAs(pg);
        assertThat(h2.refine(metadata("H2", "2.2.224"))).isSameAs(h2);
    }

    static Stream<Arguments> factoryNames() {
        return Stream.of(
                Arguments.of("PostgreSQL", "PostgreSQL"),
                Arguments.of("H2", "H2"),
                Arguments.of("MySQL", "MySQL"),
                Arguments.of("MariaDB", "MySQL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factoryNames")
    void dialectsAreFoundByTheFactoryName(String factoryName, String dialectName) {
        Dialect d = Dialects.find(() -> factoryName);

        assertThat(d.name()).isEqualTo(dialectName);
    }

    static Stream<Arguments> hasTableMarkers() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "$1"),
                Arguments.of(MySqlDialect.mysql(), "?"),
                Arguments.of(new H2Dialect(), "$1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hasTableMarkers")
    void hasTableSqlUsesTheDialectsBindMarker(Dialect dialect, String marker) {
        StringBuilder sb = new StringBuilder();
        dialect.bindMarker(sb, 0);

        assertThat(sb.toString()).isEqualTo(marker);
        assertThat(dialect.hasTableSql()).endsWith("table_name = " + marker);
    }
}
