package dev.r2orm.logger;

import dev.r2orm.clause.Sql;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Receives one call per statement r2orm executes (or renders, in a dry run), after it finishes. Implementations must
 * be fast and thread-safe and must not throw. The bound values are passed so that a logger may show them, but the
 * default one never does: values can hold secrets.
 */
@FunctionalInterface
public interface Logger {

    /**
     * Called when a statement completes, fails or is cancelled.
     *
     * @param sql the statement and its binds
     * @param elapsed time from subscription to termination
     * @param rows rows read or affected; -1 when unknown (cancelled)
     * @param error the error, or null
     * @param context the Reactor context of the operation (request ids, tenants, trace ids)
     */
    void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context);

    /**
     * The default logger: SLF4J category {@code dev.r2orm.sql}; every statement at DEBUG; statements slower than
     * {@code slowThreshold} and failed statements at WARN. Binds are never logged.
     *
     * @param slowThreshold the duration above which a statement is logged as slow
     * @return the logger
     */
    static Logger slf4j(Duration slowThreshold) {
        return new Slf4jLogger(slowThreshold);
    }

    /**
     * A logger that logs nothing.
     *
     * @return the logger
     */
    static Logger silent() {
        return (sql, elapsed, rows, error, context) -> { };
    }
}
