package dev.r2orm.spring.boot;

import dev.r2orm.Config;

/**
 * Adjusts the {@link Config} the auto-configured {@code Db} is opened with, after the {@code r2orm.*} properties were
 * applied: a bean of this type is called, in {@code @Order}, for what the properties do not cover (a custom logger, a
 * name replacer, a dialect).
 *
 * <pre>{@code
 * @Bean
 * R2ormConfigCustomizer plural() {
 *     return config -> config.namingStrategy(NamingStrategy.defaults().withReplacer(name -> name.replace("Cms", "cms")));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface R2ormConfigCustomizer {

    /**
     * Adjusts the configuration.
     *
     * @param config the builder, with the properties applied
     */
    void customize(Config.Builder config);
}
