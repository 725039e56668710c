package dev.r2orm.clause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.r2orm.TestDialect;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExprTest {

    enum Color { RED, GREEN }

    private static Sql render(Expression e) {
        SqlWriter w = new SqlWriter(new TestDialect());
        e.build(w);
        return w.toSql();
    }

    @Test
    void placeholdersBecomeNumberedBindMarkers() {
        Sql sql = render(Expr.of("age > ? AND name = ?", 18, "Ann"));

        assertThat(sql.sql()).isEqualTo("age > $1 AND name = $2");
        assertThat(sql.binds()).containsExactly(18, "Ann");
        assertThat(sql.types()).containsExactly(Integer.class, String.class);
    }

    @Test
    void textWithoutPlaceholdersIsEmittedAsItIs() {
        Sql sql = render(Expr.of("deleted_at IS NULL"));

        assertThat(sql.sql()).isEqualTo("deleted_at IS NULL");
        assertThat(sql.binds()).isEmpty();
    }

    @Test
    void collectionExpandsToAParenthesisedList() {
        Sql sql = render(Expr.of("id IN ?", List.of(1, 2, 3)));

        assertThat(sql.sql()).isEqualTo("id IN ($1,$2,$3)");
        assertThat(sql.binds()).containsExactly(1, 2, 3);
    }

    @Test
    void setExpandsLikeAList() {
        Sql sql = render(Expr.of("name IN ?", Set.of("a")));

        assertThat(sql.sql()).isEqualTo("name IN ($1)");
        assertThat(sql.binds()).containsExactly("a");
    }

    @Test
    void emptyCollectionRendersNullSoItMatchesNothing() {
        Sql sql = render(Expr.of("id IN ?", List.of()));

        assertThat(sql.sql()).isEqualTo("id IN (NULL)");
        assertThat(sql.binds()).isEmpty();
    }

    @Test
    void objectArrayExpandsLikeACollection() {
        Sql sql = render(Expr.of("name IN ? AND age > ?", new String[] {"a", "b"}, 3));

        assertThat(sql.sql()).isEqualTo("name IN ($1,$2) AND age > $3");
        assertThat(sql.binds()).containsExactly("a", "b", 3);
    }

    @Test
    void byteArrayIsBoundAsOneValue() {
        byte[] bytes = {1, 2};

        Sql sql = render(Expr.of("data = ?", (Object) bytes));

        assertThat(sql.sql()).isEqualTo("data = $1");
        assertThat(sql.binds()).containsExactly(bytes);
    }

    @Test
    void nestedExpressionIsRenderedInPlaceAndNumberingContinues() {
        Expr inner = Expr.of("b = ? OR c = ?", 2, 3);

        Sql sql = render(Expr.of("a = ? AND (?) AND d = ?", 1, inner, 4));

        assertThat(sql.sql()).isEqualTo("a = $1 AND (b = $2 OR c = $3) AND d = $4");
        assertThat(sql.binds()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void columnArgumentIsQuotedNotBound() {
        Sql sql = render(Expr.of("? = ?", Column.of("name"), "x"));

        assertThat(sql.sql()).isEqualTo("\"name\" = $1");
        assertThat(sql.binds()).containsExactly("x");
    }

    static Stream<Arguments> quotedQuestionMarks() {
        return Stream.of(
                Arguments.of("name = '?' AND id = ?", "name = '?' AND id = $1"),
                Arguments.of("name = 'it''s ?' AND id = ?", "name = 'it''s ?' AND id = $1"),
                Arguments.of("\"weird?col\" = ?", "\"weird?col\" = $1"),
                Arguments.of("`weird?col` = ?", "`weird?col` = $1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotedQuestionMarks")
    void questionMarksInsideQuotesAreNotPlaceholders(String sql, String expected) {
        Sql rendered = render(Expr.of(sql, 7));

        assertThat(rendered.sql()).isEqualTo(expected);
        assertThat(rendered.binds()).containsExactly(7);
    }

    @Test
    void tooFewArgumentsAreRejectedNamingBothCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> Expr.of("a = ? AND b = ?", 1))
                .withMessageContaining("a = ? AND b = ?")
                .withMessageContaining("2 placeholder(s)")
                .withMessageContaining("1 argument(s)");
    }

    @Test
    void tooManyArgumentsAreRejectedNamingBothCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> Expr.of("a = 'x?'", 1))
                .withMessageContaining("0 placeholder(s)")
                .withMessageContaining("1 argument(s)");
    }

    @Test
    void enumBindsItsNameAsAString() {
        Sql sql = render(Expr.of("color = ?", Color.GREEN));

        assertThat(sql.binds()).containsExactly("GREEN");
        assertThat(sql.types()).containsExactly(String.class);
    }

    @Test
    void enumsInsideACollectionBindTheirNames() {
        Sql sql = render(Expr.of("color IN ?", List.of(Color.RED, Color.GREEN)));

        assertThat(sql.sql()).isEqualTo("color IN ($1,$2)");
        assertThat(sql.binds()).containsExactly("RED", "GREEN");
        assertThat(sql.types()).containsExactly(String.class, String.class);
    }

    @Test
    void nullArgumentBindsSqlNull() {
        Sql sql = render(Expr.of("name = ?", (Object) null));

        assertThat(sql.sql()).isEqualTo("name = $1");
        assertThat(sql.binds()).containsExactly((Object) null);
        assertThat(sql.types()).containsExactly(Object.class);
    }

    @Test
    void nullInsideACollectionBindsSqlNull() {
        Sql sql = render(Expr.of("id IN ?", Arrays.asList(1, null)));

        assertThat(sql.sql()).isEqualTo("id IN ($1,$2)");
        assertThat(sql.binds()).containsExactly(1, null);
    }

    @Test
    void argumentsAreCopiedWhenTheExpressionIsCreated() {
        Object[] args = {1};
        Expr e = Expr.of("a = ?", args);
        args[0] = 2;

        assertThat(e.args()).containsExactly(1);
        assertThat(e.sql()).isEqualTo("a = ?");
    }

    @Test
    void rawIsTheSameAsOf() {
        Sql sql = render(Expr.raw("CASE WHEN a > ? THEN 1 ELSE 0 END", 5));

        assertThat(sql.sql()).isEqualTo("CASE WHEN a > $1 THEN 1 ELSE 0 END");
        assertThat(sql.binds()).containsExactly(5);
    }

    @Test
    void nullSqlIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> Expr.of(null))
                .withMessage("sql must not be null");
    }

    @Test
    void renderingTwiceGivesTheSameResult() {
        Expr e = Expr.of("id IN ?", List.of(1, 2));

        assertThat(render(e)).isEqualTo(render(e));
    }
}
