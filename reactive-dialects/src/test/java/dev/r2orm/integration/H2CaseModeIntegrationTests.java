package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import reactor.test.StepVerifier;

/**
 * H2 behind a connection factory the application built (what a Spring Boot application hands over): r2orm's
 * lower-case names need {@code DATABASE_TO_LOWER=TRUE}, which {@code Db.open(url)} adds by itself. Without it, the first
 * operation says what to add instead of failing later with "Column TITLE not found".
 */
class H2CaseModeIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @DatabaseTest(TestDatabase.H2)
    void anUpperCaseH2DatabaseIsRefusedWithTheFix(Db db) {
        Db plain = Db.open(ConnectionFactories.get("r2dbc:h2:mem:///r2orm_upper?options=DB_CLOSE_DELAY=-1"),
                Config.defaults());
        try {
            for (int i = 0; i < 2; i++) {
                StepVerifier.create(plain.raw("SELECT 1").scan(Integer.class))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnsupportedByDialectException.class)
                                .hasMessageContaining("DATABASE_TO_LOWER=TRUE")
                                .hasMessageContaining("upper case"))
                        .verify(TIMEOUT);
            }
            assertThat(plain.poolStatus().orElseThrow().acquired()).isZero();
        } finally {
            plain.close();
        }
        Db lower = Db.open(ConnectionFactories.get(
                "r2dbc:h2:mem:///r2orm_lower?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE"), Config.defaults());
        try {
            StepVerifier.create(lower.exec("CREATE TABLE films (title VARCHAR(50))")
                            .then(lower.exec("INSERT INTO films (title) VALUES (?)", "Heat"))
                            .then(lower.table("films").where("title = ?", "Heat").count()))
                    .expectNext(1L).verifyComplete();
        } finally {
            lower.close();
        }
    }
}
