package dev.r2orm.examples.webflux;

import dev.r2orm.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BankApiContract} on H2. */
class BankApiH2Tests extends BankApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        runOn(properties, TestDatabase.H2);
    }

    @Override
    TestDatabase target() {
        return TestDatabase.H2;
    }
}
