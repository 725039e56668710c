package dev.r2orm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.r2orm.TestDialect;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.schema.NamingStrategy;
import dev.r2orm.schema.Schema;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    static class Person {
        Long id;
        String name;
        int age;
        Instant createdAt;
    }

    private static final Schema PEOPLE = Schema.parse(Person.class, NamingStrategy.defaults());

    private static String render(List<OrderBy.Item> items) {
        SqlWriter w = new SqlWriter(new TestDialect());
        new OrderBy(items).build(w);
        return w.toSql().sql();
    }

    @Test
    void singleColumnIsAscending() {
        List<OrderBy.Item> items = Identifiers.parseOrder("age", null);

        assertThat(items).containsExactly(new OrderBy.Item(new Column(null, "age"), false));
    }

    @Test
    void columnWithDesc() {
        assertThat(Identifiers.parseOrder("age desc", null))
                .containsExactly(new OrderBy.Item(new Column(null, "age"), true));
    }

    @Test
    void directionIsCaseInsensitive() {
        assertThat(Identifiers.parseOrder("age dEsC, name aSc", null)).containsExactly(
                new OrderBy.Item(new Column(null, "age"), true),
                new OrderBy.Item(new Column(null, "name"), false));
    }

    @Test
    void severalTermsWithUpperCaseDirection() {
        List<OrderBy.Item> items = Identifiers.parseOrder("name ASC, id", null);

        assertThat(items).containsExactly(
                new OrderBy.Item(new Column(null, "name"), false),
                new OrderBy.Item(new Column(null, "id"), false));
        assertThat(render(items)).isEqualTo("ORDER BY \"name\",\"id\"");
    }

    @Test
    void qualifiedColumn() {
        List<OrderBy.Item> items = Identifiers.parseOrder("users.name desc", null);

        assertThat(items).containsExactly(new OrderBy.Item(new Column("users", "name"), true));
        assertThat(render(items)).isEqualTo("ORDER BY \"users\".\"name\" DESC");
    }

    @Test
    void extraWhitespaceAroundTermsIsAccepted() {
        assertThat(Identifiers.parseOrder("  age   desc ,name  ", null)).containsExactly(
                new OrderBy.Item(new Column(null, "age"), true),
                new OrderBy.Item(new Column(null, "name"), false));
    }

    @Test
    void fieldNameMapsToItsColumnWithASchema() {
        List<OrderBy.Item> items = Identifiers.parseOrder("createdAt desc, name", PEOPLE);

        assertThat(items).containsExactly(
                new OrderBy.Item(new Column(null, "created_at"), true),
                new OrderBy.Item(new Column(null, "name"), false));
    }

    @Test
    void fieldNameQualifiedByTheModelTableMapsToItsColumn() {
        assertThat(Identifiers.parseOrder("people.createdAt", PEOPLE))
                .containsExactly(new OrderBy.Item(new Column("people", "created_at"), false));
    }

    @Test
    void columnOfAnotherTableIsNotMapped() {
        assertThat(Identifiers.parseOrder("orders.createdAt", PEOPLE))
                .containsExactly(new OrderBy.Item(new Column("orders", "createdAt"), false));
    }

    @Test
    void unknownNameIsKeptAsItIsWithASchema() {
        assertThat(Identifiers.parseOrder("score", PEOPLE))
                .containsExactly(new OrderBy.Item(new Column(null, "score"), false));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"age; drop table x", "1=1", "age desc desc", "(select 1)", "", "age,", "name -- x",
        "a.b.c", "age DESC NULLS LAST"})
    void anythingButAColumnNameIsRejectedPointingToExprRaw(String spec) {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.parseOrder(spec, PEOPLE))
                .withMessageContaining("Expr.raw")
                .withMessageContaining("not a column name");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"age; drop table x", "1=1", "age desc desc", "(select 1)"})
    void rejectionNamesTheBadTerm(String spec) {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.parseOrder(spec, null))
                .withMessageContaining("'" + spec + "'");
    }

    @Test
    void rejectionOfAnEmptySpecNamesTheEmptyTerm() {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.parseOrder("", null))
                .withMessageContaining("''")
                .withMessageContaining("Expr.raw");
    }

    @Test
    void rejectionNamesOnlyTheBadTermOfSeveral() {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.parseOrder("name, 1=1", null))
                .withMessageContaining("'1=1'");
    }
}
