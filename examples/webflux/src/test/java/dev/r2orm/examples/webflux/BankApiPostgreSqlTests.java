package dev.r2orm.examples.webflux;

import dev.r2orm.testkit.DatabaseExtension;
import dev.r2orm.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BankApiContract} on PostgreSql. */
class BankApiPostgreSqlTests extends BankApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.r2dbc.url", () -> DatabaseExtension.emptied(TestDatabase.POSTGRESQL).value());
        properties.add("r2orm.migrate.locations", () -> "classpath:db/migration/standard");
    }

    @Override
    TestDatabase target() {
        return TestDatabase.POSTGRESQL;
    }
}
