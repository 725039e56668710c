package dev.r2orm.clause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.r2orm.Statement;
import dev.r2orm.TestDialect;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClauseRenderTest {

    private static final TestDialect DIALECT = new TestDialect();

    private static Sql render(Clause c) {
        SqlWriter w = new SqlWriter(DIALECT);
        c.build(w);
        return w.toSql();
    }

    private static Statement users() {
        return Statement.of("users", null);
    }

    private static OrderBy order(String column, boolean desc) {
        return new OrderBy(List.of(new OrderBy.Item(Column.of(column), desc)));
    }

    @Test
    void columnArraysBindOneArrayPerColumnWhateverTheRows() {
        String[] names = {"a", null, "c"};
        Long[] ages = {1L, 2L, null};
        Sql sql = users().with(new Insert("users", List.of("name", "age")))
                .with(new ColumnArrays(List.<Object[]>of(names, ages), List.of("text", "bigint")))
                .render(DIALECT, Statement.INSERT);

        assertThat(sql.sql()).isEqualTo("INSERT INTO \"users\" (\"name\",\"age\") SELECT * FROM unnest("
                + "CAST($1 AS text[]),CAST($2 AS bigint[]))");
        assertThat(sql.binds()).containsExactly(names, ages);
        assertThat(sql.types()).containsExactly(String[].class, Long[].class);
    }

    @Test
    void columnArraysOfDifferentLengthsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ColumnArrays(List.<Object[]>of(new String[2], new Long[3]),
                        List.of("text", "bigint")))
                .withMessageContaining("column arrays of 3 and 2 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ColumnArrays(List.<Object[]>of(new String[2]), List.of("text", "bigint")))
                .withMessageContaining("1 column arrays for 2 element types");
    }

    @Test
    void whereWithOneConditionIsNotParenthesised() {
        Sql sql = render(Where.of(Expr.of("age > ? OR vip", 18)));

        assertThat(sql.sql()).isEqualTo("WHERE age > $1 OR vip");
        assertThat(sql.binds()).containsExactly(18);
    }

    @Test
    void whereWithSeveralConditionsParenthesisesEachExpr() {
        Sql sql = render(new Where(List.of(Expr.of("a = ? OR b = ?", 1, 2), Expr.of("c = ?", 3))));

        assertThat(sql.sql()).isEqualTo("WHERE (a = $1 OR b = $2) AND (c = $3)");
        assertThat(sql.binds()).containsExactly(1, 2, 3);
    }

    @Test
    void whereWithEqRendersQuotedColumnAndBind() {
        Sql sql = render(new Where(List.of(Expr.of("age > ?", 1),
                new Eq(new Column("users", "name"), "Ann", String.class))));

        assertThat(sql.sql()).isEqualTo("WHERE (age > $1) AND \"users\".\"name\" = $2");
        assertThat(sql.binds()).containsExactly(1, "Ann");
    }

    @Test
    void eqWithNullRendersIsNullWithoutABind() {
        Sql sql = render(Where.of(new Eq(Column.of("deleted_at"), null, Object.class)));

        assertThat(sql.sql()).isEqualTo("WHERE \"deleted_at\" IS NULL");
        assertThat(sql.binds()).isEmpty();
    }

    @Test
    void whereWithSeveralConditionsParenthesisesEveryNonAtomicExpression() {
        Expression custom = w -> w.keyword("a = 1 OR b = 2");

        Sql sql = render(new Where(List.of(custom, Expr.of("c = ?", 3))));

        assertThat(sql.sql()).isEqualTo("WHERE (a = 1 OR b = 2) AND (c = $1)");
    }

    @Test
    void mergedWheresAreAndedWithContinuousBindNumbers() {
        Statement s = users()
                .with(Where.of(Expr.of("a = ? OR b = ?", 1, 2)))
                .with(Where.of(Expr.of("c = ?", 3)));

        Sql sql = s.render(DIALECT, List.of("WHERE"));

        assertThat(sql.sql()).isEqualTo("WHERE (a = $1 OR b = $2) AND (c = $3)");
        assertThat(sql.binds()).containsExactly(1, 2, 3);
        assertThat(((Where) s.clause("WHERE")).conditions()).hasSize(2);
    }

    @Test
    void orderByRendersQuotedColumnsAndDesc() {
        Sql sql = render(new OrderBy(List.of(new OrderBy.Item(new Column("users", "age"), true),
                new OrderBy.Item(Column.of("name"), false))));

        assertThat(sql.sql()).isEqualTo("ORDER BY \"users\".\"age\" DESC,\"name\"");
        assertThat(sql.binds()).isEmpty();
    }

    @Test
    void orderByRawExpressionBindsItsValues() {
        Sql sql = render(new OrderBy(List.of(new OrderBy.Item(Expr.raw("CASE WHEN id = ? THEN 0 ELSE 1 END", 7),
                false))));

        assertThat(sql.sql()).isEqualTo("ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END");
        assertThat(sql.binds()).containsExactly(7);
    }

    @Test
    void mergedOrderByAppendsLaterColumnsAfterEarlierOnes() {
        Statement s = users().with(order("age", true)).with(order("name", false));

        assertThat(s.render(DIALECT, List.of("ORDER BY")).sql()).isEqualTo("ORDER BY \"age\" DESC,\"name\"");
    }

    @Test
    void limitOnly() {
        assertThat(render(new Limit(10, 0)).sql()).isEqualTo("LIMIT 10");
    }

    @Test
    void limitZeroIsKept() {
        assertThat(render(new Limit(0, 0)).sql()).isEqualTo("LIMIT 0");
    }

    @Test
    void offsetOnly() {
        assertThat(render(new Limit(-1, 5)).sql()).isEqualTo("OFFSET 5");
    }

    @Test
    void limitAndOffset() {
        Sql sql = render(new Limit(10, 20));

        assertThat(sql.sql()).isEqualTo("LIMIT 10 OFFSET 20");
        assertThat(sql.binds()).isEmpty();
    }

    @Test
    void mergedLimitKeepsTheEarlierOffsetWhenTheLaterSetsNone() {
        Statement s = users().with(new Limit(10, 20)).with(new Limit(5, 0));

        assertThat(s.clause("LIMIT")).isEqualTo(new Limit(5, 20));
        assertThat(s.render(DIALECT, Statement.SELECT).sql()).isEqualTo("LIMIT 5 OFFSET 20");
    }

    @Test
    void mergedLimitTakesTheLaterOffsetWhenSet() {
        Statement s = users().with(new Limit(10, 20)).with(new Limit(-1, 30));

        assertThat(s.clause("LIMIT")).isEqualTo(new Limit(10, 30));
    }

    @Test
    void negativeLimitOrOffsetIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(-2, 0))
                .withMessageContaining("limit")
                .withMessageContaining("-2");
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(10, -1))
                .withMessageContaining("offset")
                .withMessageContaining("-1");
    }

    @Test
    void selectAllRendersStar() {
        assertThat(render(Select.ALL).sql()).isEqualTo("SELECT *");
    }

    @Test
    void selectDistinctStar() {
        assertThat(render(new Select(List.of(), true)).sql()).isEqualTo("SELECT DISTINCT *");
    }

    @Test
    void selectColumnsAreQuoted() {
        Sql sql = render(new Select(List.of(Column.of("name"), new Column("users", "age"),
                Expr.raw("COUNT(*)")), true));

        assertThat(sql.sql()).isEqualTo("SELECT DISTINCT \"name\",\"users\".\"age\",COUNT(*)");
    }

    @Test
    void fromQuotesTheTable() {
        assertThat(render(new From("users")).sql()).isEqualTo("FROM \"users\"");
    }

    @Test
    void insertWithMultiRowValuesAndDefaultKeyword() {
        Statement s = users()
                .with(new Insert("users", List.of("name", "age")))
                .with(new Values(List.of(
                        List.of("Ann", 30),
                        Arrays.asList("Bob", Values.DEFAULT),
                        Arrays.asList(null, 5)),
                        List.of(String.class, Integer.class)));

        Sql sql = s.render(DIALECT, Statement.INSERT);

        assertThat(sql.sql()).isEqualTo(
                "INSERT INTO \"users\" (\"name\",\"age\") VALUES ($1,$2),($3,DEFAULT),($4,$5)");
        assertThat(sql.binds()).containsExactly("Ann", 30, "Bob", null, 5);
        assertThat(sql.types()).containsExactly(String.class, Integer.class, String.class, String.class,
                Integer.class);
    }

    @Test
    void valuesRowWithTheWrongWidthIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Values(List.of(List.of("Ann")), List.of(String.class, Integer.class)))
                .withMessageContaining("1 values for 2 columns");
    }

    @Test
    void insertWithReturning() {
        Statement s = users()
                .with(new Returning(List.of("id", "created_at")))
                .with(new Values(List.of(List.of("Ann")), List.of(String.class)))
                .with(new Insert("users", List.of("name")));

        Sql sql = s.render(DIALECT, Statement.INSERT);

        assertThat(sql.sql()).isEqualTo(
                "INSERT INTO \"users\" (\"name\") VALUES ($1) RETURNING \"id\",\"created_at\"");
        assertThat(sql.binds()).containsExactly("Ann");
    }

    @Test
    void statementRendersClausesInSlotOrderWhateverTheOrderTheyWereAdded() {
        Statement s = users()
                .with(new Limit(10, 0))
                .with(order("name", false))
                .with(Where.of(Expr.of("age > ?", 18)))
                .with(new From("users"))
                .with(Select.ALL);

        Sql sql = s.render(DIALECT, Statement.SELECT);

        assertThat(sql.sql()).isEqualTo("SELECT * FROM \"users\" WHERE age > $1 ORDER BY \"name\" LIMIT 10");
        assertThat(sql.binds()).containsExactly(18);
    }

    @Test
    void statementRendersOnlyTheSlotsOfTheGivenOrder() {
        Statement s = users().with(Select.ALL).with(new From("users")).with(new Insert("users", List.of("a")));

        assertThat(s.render(DIALECT, Statement.SELECT).sql()).isEqualTo("SELECT * FROM \"users\"");
        assertThat(s.render(DIALECT, Statement.INSERT).sql()).isEqualTo("INSERT INTO \"users\" (\"a\")");
    }

    @Test
    void withReturnsANewStatementAndLeavesTheOriginalUnchanged() {
        Statement base = users().with(Select.ALL).with(Where.of(Expr.of("a = ?", 1)));

        Statement more = base.with(Where.of(Expr.of("b = ?", 2))).with(new Limit(1, 0));

        assertThat(more).isNotSameAs(base);
        assertThat(base.clause("LIMIT")).isNull();
        assertThat(((Where) base.clause("WHERE")).conditions()).hasSize(1);
        assertThat(base.render(DIALECT, Statement.SELECT).sql()).isEqualTo("SELECT * WHERE a = $1");
        assertThat(more.render(DIALECT, Statement.SELECT).sql())
                .isEqualTo("SELECT * WHERE (a = $1) AND (b = $2) LIMIT 1");
    }

    @Test
    void withoutRemovesTheSlotAndLeavesTheOriginalUnchanged() {
        Statement base = users().with(Select.ALL).with(new Limit(1, 0));

        Statement without = base.without("LIMIT");

        assertThat(without.clause("LIMIT")).isNull();
        assertThat(base.clause("LIMIT")).isEqualTo(new Limit(1, 0));
        assertThat(base.without("GROUP BY")).isSameAs(base);
    }

    @Test
    void statementKeepsTableAndSchema() {
        Statement s = users().with(Select.ALL);

        assertThat(s.table()).isEqualTo("users");
        assertThat(s.schema()).isNull();
    }

    @Test
    void renderingTwiceGivesEqualResults() {
        Statement s = users().with(Select.ALL).with(Where.of(Expr.of("a IN ?", List.of(1, 2))));

        assertThat(s.render(DIALECT, Statement.SELECT)).isEqualTo(s.render(DIALECT, Statement.SELECT));
    }

    @Test
    void sqlRequiresEqualSizedBindsAndTypes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Sql("x", List.of(1), List.of()))
                .withMessage("binds and types differ in size");
    }

    @Test
    void sqlCopiesItsListsAndAllowsNullBinds() {
        List<Object> binds = Arrays.asList(1, null);
        Sql sql = new Sql("a = $1 AND b = $2", binds, List.of(Integer.class, String.class));
        binds.set(0, 99);

        assertThat(sql.binds()).containsExactly(1, null);
        assertThat(sql.toString()).isEqualTo("a = $1 AND b = $2 [1, null]");
        assertThat(Sql.of("SELECT 1").binds()).isEmpty();
        assertThat(Sql.of("SELECT 1").types()).isEmpty();
        assertThat(Sql.of("SELECT 1").toString()).isEqualTo("SELECT 1");
    }

    @Test
    void writerQuotesIdentifiersAndRejectsOnesHoldingTheQuote() {
        SqlWriter w = new SqlWriter(DIALECT);

        assertThat(w.identifier("my table").toString()).isEqualTo("\"my table\"");
        assertThatIllegalArgumentException().isThrownBy(() -> w.identifier("a\"b"))
                .withMessageContaining("a\"b")
                .withMessageContaining("Test");
        assertThatIllegalArgumentException().isThrownBy(() -> w.identifier(""));
    }
}
