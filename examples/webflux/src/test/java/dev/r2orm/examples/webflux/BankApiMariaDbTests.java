package dev.r2orm.examples.webflux;

import dev.r2orm.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BankApiContract} on MariaDb. */
class BankApiMariaDbTests extends BankApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        runOn(properties, TestDatabase.MARIADB);
    }

    @Override
    TestDatabase target() {
        return TestDatabase.MARIADB;
    }
}
