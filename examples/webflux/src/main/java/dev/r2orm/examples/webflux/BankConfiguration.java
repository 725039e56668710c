package dev.r2orm.examples.webflux;

import dev.r2orm.clause.Sql;
import dev.r2orm.logger.Logger;
import dev.r2orm.spring.boot.R2ormConfigCustomizer;
import dev.r2orm.spring.boot.R2ormProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.util.context.ContextView;

/**
 * r2orm's SQL log lines carry the request id: the logger of the {@code r2orm.logger.*} properties, called with the
 * request's id in SLF4J's MDC ({@code %X{requestId}} in {@code logging.pattern.level}).
 */
@Configuration(proxyBeanMethods = false)
public class BankConfiguration {

    /** Created by Spring. */
    public BankConfiguration() {
    }

    /**
     * Wraps r2orm's logger so each line carries its request's id.
     *
     * @param properties the {@code r2orm.*} properties
     * @return the customizer
     */
    @Bean
    R2ormConfigCustomizer requestIdsInSqlLogs(R2ormProperties properties) {
        R2ormProperties.Logger log = properties.getLogger();
        Logger sql = Logger.builder().level(log.getLevel()).slowThreshold(log.getSlowThreshold())
                .parameterizedQueries(log.isParameterizedQueries())
                .ignoreRecordNotFound(log.isIgnoreRecordNotFound()).build();
        return config -> config.logger(new RequestIdLogger(sql));
    }

    /** A logger that puts the request id of the operation's context in the MDC while the delegate writes. */
    static final class RequestIdLogger implements Logger {
        private final Logger delegate;

        RequestIdLogger(Logger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
            try (MDC.MDCCloseable id = MDC.putCloseable("requestId", context.getOrDefault(RequestIds.KEY, ""))) {
                delegate.trace(sql, elapsed, rows, error, context);
            }
        }

        @Override
        public void transaction(Sql sql, Duration elapsed, @Nullable Throwable error, ContextView context) {
            try (MDC.MDCCloseable id = MDC.putCloseable("requestId", context.getOrDefault(RequestIds.KEY, ""))) {
                delegate.transaction(sql, elapsed, error, context);
            }
        }

        @Override
        public void warning(String message, ContextView context) {
            try (MDC.MDCCloseable id = MDC.putCloseable("requestId", context.getOrDefault(RequestIds.KEY, ""))) {
                delegate.warning(message, context);
            }
        }
    }
}
