package dev.r2orm.spring.boot;

import dev.r2orm.Db;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What r2orm adds when the application has them: a health indicator (Spring Boot's health module, part of the
 * actuator) and, with Micrometer, gauges of a pool r2orm made itself ({@link R2ormPoolMetrics}). Each backs off
 * when the application defines its own.
 */
@AutoConfiguration(after = R2ormAutoConfiguration.class)
@ConditionalOnBean(Db.class)
public class R2ormActuatorAutoConfiguration {

    /** Created by Spring. */
    public R2ormActuatorAutoConfiguration() {
    }

    /** The health indicator, with Spring Boot's health module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "r2ormHealthIndicator")
        R2ormHealthIndicator r2ormHealthIndicator(Db db) {
            return new R2ormHealthIndicator(db, Duration.ofSeconds(5));
        }
    }

    /** Pool gauges, with Micrometer, for a pool that is not the application's connection factory bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        R2ormPoolMetrics r2ormPoolMetrics(Db db, ObjectProvider<ConnectionFactory> factories) {
            return new R2ormPoolMetrics(db, factories.stream().toList());
        }
    }
}
