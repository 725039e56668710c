package dev.r2orm.examples.webflux;

import dev.r2orm.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BankApiContract} on PostgreSql. */
class BankApiPostgreSqlTests extends BankApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        runOn(properties, TestDatabase.POSTGRESQL);
    }

    @Override
    TestDatabase target() {
        return TestDatabase.POSTGRESQL;
    }
}
