package dev.r2orm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The jar carries Spring Boot's configuration metadata for every {@code r2orm.*} property, with its description, so
 * IDEs complete and explain them; and the auto-configuration imports file names both auto-configurations.
 */
class ConfigurationMetadataTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyPropertyIsDescribed() throws Exception {
        String metadata = resource("META-INF/spring-configuration-metadata.json");
        for (String property : new String[] {"r2orm.logger.level", "r2orm.logger.slow-threshold",
                "r2orm.logger.parameterized-queries", "r2orm.naming.table-prefix", "r2orm.naming.singular-tables",
                "r2orm.create-batch-size", "r2orm.fetch-size", "r2orm.statement-timeout", "r2orm.migrate.enabled",
                "r2orm.migrate.locations", "r2orm.migrate.table", "r2orm.migrate.lock-timeout",
                "r2orm.migrate.timeout"}) {
            assertThat(metadata).contains("\"name\": \"" + property + "\"");
        }
        assertThat(metadata).contains("\"description\": \"The folder of the migration files");
    }

    @Test
    void bothAutoConfigurationsAreImported() throws Exception {
        assertThat(resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                .contains(R2ormAutoConfiguration.class.getName(), R2ormActuatorAutoConfiguration.class.getName());
    }
}
