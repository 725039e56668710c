package dev.r2orm.logger;

import dev.r2orm.RecordNotFoundException;
import dev.r2orm.clause.Sql;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import reactor.util.context.ContextView;

final class Slf4jLogger implements Logger {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("dev.r2orm.sql");

    private static final int MAX_SQL = 2_000;

    private final Duration slowThreshold;

    Slf4jLogger(Duration slowThreshold) {
        this.slowThreshold = slowThreshold;
    }

    @Override
    public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
        double ms = elapsed.toNanos() / 1e6;
        String text = Sql.abbreviate(sql.sql(), MAX_SQL);
        if (error != null && !(error instanceof RecordNotFoundException)) {
            LOG.warn("[{} ms] [rows:{}] {} failed: {}", String.format("%.3f", ms), rows, text, error.getClass().getName());
        } else if (elapsed.compareTo(slowThreshold) > 0) {
            LOG.warn("SLOW SQL >= {} [{} ms] [rows:{}] {}", slowThreshold, String.format("%.3f", ms), rows, text);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("[{} ms] [rows:{}] {}", String.format("%.3f", ms), rows, text);
        }
    }
}
