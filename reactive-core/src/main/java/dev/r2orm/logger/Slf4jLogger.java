package dev.r2orm.logger;

import dev.r2orm.RecordNotFoundException;
import dev.r2orm.clause.Sql;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/** The logger of {@link Logger#builder()}: one SLF4J line per statement, GORM's format. */
final class Slf4jLogger implements Logger {

    static final String CATEGORY = "dev.r2orm.sql";

    static final int MAX_SQL = 10_000;

    private final org.slf4j.Logger log;
    private final LogLevel level;
    private final Duration slowThreshold;
    private final boolean parameterizedQueries;
    private final boolean ignoreRecordNotFound;
    private final String slowPrefix;

    Slf4jLogger(org.slf4j.Logger log, LogLevel level, Duration slowThreshold, boolean parameterizedQueries,
            boolean ignoreRecordNotFound) {
        this.log = log;
        this.level = level;
        this.slowThreshold = slowThreshold;
        this.parameterizedQueries = parameterizedQueries;
        this.ignoreRecordNotFound = ignoreRecordNotFound;
        this.slowPrefix = "SLOW SQL >= " + format(slowThreshold) + " ";
    }

    @Override
    public void trace(Sql sql, Duration elapsed, long rows, @Nullable Throwable error, ContextView context) {
        if (error != null && !(ignoreRecordNotFound && error instanceof RecordNotFoundException)) {
            if (level.compareTo(LogLevel.ERROR) >= 0 && log.isErrorEnabled()) {
                log.error(line(describe(error) + " ", sql, elapsed, rows));
            }
        } else if (!slowThreshold.isZero() && elapsed.compareTo(slowThreshold) >= 0) {
            if (level.compareTo(LogLevel.WARN) >= 0 && log.isWarnEnabled()) {
                log.warn(line(slowPrefix, sql, elapsed, rows));
            }
        } else if (level == LogLevel.INFO && log.isInfoEnabled()) {
            log.info(line("", sql, elapsed, rows));
        }
    }

    /** Logged as a statement that affected no rows. */
    @Override
    public void transaction(Sql sql, Duration elapsed, @Nullable Throwable error, ContextView context) {
        trace(sql, elapsed, 0, error, context);
    }

    private String line(String prefix, Sql sql, Duration elapsed, long rows) {
        double ms = elapsed.getSeconds() * 1e3 + elapsed.getNano() / 1e6;
        String count = rows < 0 ? "-" : Long.toString(rows);
        return prefix + '[' + String.format(Locale.ROOT, "%.3f", ms) + "ms] [rows:" + count + "] "
                + Sql.abbreviate(text(sql), MAX_SQL);
    }

    /** A value whose literal cannot be written (its toString throws) must not turn into a failed statement. */
    private String text(Sql sql) {
        if (parameterizedQueries) {
            return sql.sql();
        }
        try {
            return sql.inlined();
        } catch (RuntimeException e) {
            return sql.sql() + " (values not shown: " + e + ")";
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getName()
                : error.getClass().getName() + ": " + Sql.abbreviate(message, MAX_SQL);
    }

    /** Go's duration style, as GORM prints it: 200ms, 1.5s, 250us. */
    static String format(Duration d) {
        if (d.getSeconds() > 0) {
            return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
                    .toPlainString() + "s";
        }
        int nanos = d.getNano();
        if (nanos >= 1_000_000) {
            return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
        }
        if (nanos >= 1_000) {
            return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "us";
        }
        return nanos + "ns";
    }

    @Override
    public String toString() {
        return "Logger.slf4j[level=" + level + ", slowThreshold=" + format(slowThreshold) + ", parameterizedQueries="
                + parameterizedQueries + ", ignoreRecordNotFound=" + ignoreRecordNotFound + "]";
    }
}
