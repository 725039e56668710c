package dev.r2orm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingStrategyTest {

    private final NamingStrategy naming = NamingStrategy.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "createdAt, created_at",
        "userID, user_id",
        "HTTPServer, http_server",
        "ID, id",
        "id, id",
        "name, name",
        "CreditCard, credit_card",
        "getHTTPResponseCode, get_http_response_code",
        "address2Line, address2_line",
        "already_snake, already_snake",
    })
    void snakeCaseSplitsWordsAndKeepsAcronymsTogether(String javaName, String expected) {
        assertThat(NamingStrategy.snakeCase(javaName)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "createdAt, created_at",
        "userID, user_id",
        "HTTPServer, http_server",
        "ID, id",
    })
    void columnNameIsSnakeCaseOfTheFieldName(String field, String column) {
        assertThat(naming.columnName(field)).isEqualTo(column);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CreditCard, credit_cards",
        "User, users",
        "Person, people",
        "Category, categories",
        "Box, boxes",
        "Day, days",
        "Status, statuses",
        "Address, addresses",
        "Child, children",
        "Data, data",
        "Company, companies",
        "UserStatus, user_statuses",
        "SalesPerson, sales_people",
        "OrderItem, order_items",
        "Knife, knives",
        "Analysis, analyses",
        "Class, classes",
        "Toy, toys",
        "Dish, dishes",
        "Church, churches",
        "HTTPServer, http_servers",
    })
    void tableNameIsThePluralSnakeCaseOfTheClassName(String className, String table) {
        assertThat(naming.tableName(className)).isEqualTo(table);
    }

    @Test
    void tablePrefixIsPrependedToTheTableNameOnly() {
        NamingStrategy prefixed = naming.withTablePrefix("app_");

        assertThat(prefixed.tableName("CreditCard")).isEqualTo("app_credit_cards");
        assertThat(prefixed.columnName("createdAt")).isEqualTo("created_at");
    }

    @Test
    void singularTablesSkipPluralisation() {
        NamingStrategy singular = naming.withSingularTables(true);

        assertThat(singular.tableName("CreditCard")).isEqualTo("credit_card");
        assertThat(singular.tableName("Person")).isEqualTo("person");
    }

    @Test
    void prefixAndSingularTablesCombine() {
        NamingStrategy s = naming.withTablePrefix("app_").withSingularTables(true);

        assertThat(s.tableName("CreditCard")).isEqualTo("app_credit_card");
    }

    @Test
    void replacerRewritesClassAndFieldNamesBeforeConversion() {
        NamingStrategy s = naming.withReplacer(n -> n.replace("Entity", ""));

        assertThat(s.tableName("UserEntity")).isEqualTo("users");
        assertThat(s.columnName("nameEntity")).isEqualTo("name");
    }

    @Test
    void withMethodsReturnNewStrategiesAndLeaveTheOriginalUnchanged() {
        NamingStrategy prefixed = naming.withTablePrefix("app_");
        NamingStrategy singular = naming.withSingularTables(true);

        assertThat(prefixed).isNotSameAs(naming);
        assertThat(singular).isNotSameAs(naming);
        assertThat(naming.tableName("CreditCard")).isEqualTo("credit_cards");
        assertThat(NamingStrategy.defaults().tableName("CreditCard")).isEqualTo("credit_cards");
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        assertThatNullPointerException().isThrownBy(() -> naming.withTablePrefix(null))
                .withMessage("prefix must not be null");
        assertThatNullPointerException().isThrownBy(() -> naming.withReplacer(null))
                .withMessage("replacer must not be null");
    }
}
