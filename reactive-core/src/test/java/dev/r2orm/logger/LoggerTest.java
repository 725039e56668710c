package dev.r2orm.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.r2orm.RecordNotFoundException;
import dev.r2orm.TestDialect;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.util.context.Context;

class LoggerTest {

    private static final Duration FAST = Duration.ofNanos(12_345_678);
    private static final Duration SLOW = Duration.ofMillis(250);

    /** {@code SELECT * FROM "users" WHERE age > $1} with 18 bound. */
    private static Sql select() {
        return new SqlWriter(new TestDialect()).keyword("SELECT * FROM ").identifier("users").keyword(" WHERE age > ")
                .bind(18).toSql();
    }

    /** An SLF4J logger that records what it is asked to log; the levels named in {@code disabled} are off. */
    private static final class Capture {

        final List<String> lines = new ArrayList<>();
        final AtomicInteger enabledChecks = new AtomicInteger();
        private final Set<String> disabled;

        Capture(String... disabled) {
            this.disabled = Set.of(disabled);
        }

        org.slf4j.Logger slf4j() {
            return (org.slf4j.Logger) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {org.slf4j.Logger.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.startsWith("is") && name.endsWith("Enabled")) {
                            enabledChecks.incrementAndGet();
                            return !disabled.contains(name.substring(2, name.length() - 7).toUpperCase());
                        }
                        if (Set.of("error", "warn", "info", "debug", "trace").contains(name) && args.length == 1) {
                            lines.add(name.toUpperCase() + " " + args[0]);
                            return null;
                        }
                        if (name.equals("getName")) {
                            return Slf4jLogger.CATEGORY;
                        }
                        throw new UnsupportedOperationException(method.toString());
                    });
        }

        Logger logger(Logger.Builder builder) {
            return builder.build(slf4j());
        }

        /** @return the one line logged, "LEVEL message", or "NONE" */
        String only() {
            assertThat(lines).hasSizeLessThanOrEqualTo(1);
            return lines.isEmpty() ? "NONE" : lines.get(0);
        }
    }

    private static String levelLogged(LogLevel level, boolean ignoreNotFound, Duration elapsed,
            @Nullable Throwable error) {
        Capture c = new Capture();
        c.logger(Logger.builder().level(level).ignoreRecordNotFound(ignoreNotFound))
                .trace(select(), elapsed, 3, error, Context.empty());
        String line = c.only();
        return line.equals("NONE") ? line : line.substring(0, line.indexOf(' '));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // level,  statement,          SLF4J level
        "SILENT,   normal,             NONE",
        "SILENT,   slow,               NONE",
        "SILENT,   error,              NONE",
        "SILENT,   notFound,           NONE",
        "SILENT,   notFoundNotIgnored, NONE",
        "ERROR,    normal,             NONE",
        "ERROR,    slow,               NONE",
        "ERROR,    error,              ERROR",
        "ERROR,    notFound,           NONE",
        "ERROR,    notFoundNotIgnored, ERROR",
        "WARN,     normal,             NONE",
        "WARN,     slow,               WARN",
        "WARN,     error,              ERROR",
        "WARN,     slowError,          ERROR",
        "WARN,     notFound,           NONE",
        "WARN,     slowNotFound,       WARN",
        "WARN,     notFoundNotIgnored, ERROR",
        "INFO,     normal,             INFO",
        "INFO,     slow,               WARN",
        "INFO,     error,              ERROR",
        "INFO,     notFound,           INFO",
        "INFO,     notFoundNotIgnored, ERROR",
    })
    void eachLevelLogsItsStatementsAtTheirSlf4jLevel(LogLevel level, String statement, String expected) {
        Throwable notFound = new RecordNotFoundException("record not found");
        String logged;
        switch (statement) {
            case "normal": logged = levelLogged(level, true, FAST, null); break;
            case "slow": logged = levelLogged(level, true, SLOW, null); break;
            case "error": logged = levelLogged(level, true, FAST, new IllegalStateException("boom")); break;
            case "slowError": logged = levelLogged(level, true, SLOW, new IllegalStateException("boom")); break;
            case "notFound": logged = levelLogged(level, true, FAST, notFound); break;
            case "slowNotFound": logged = levelLogged(level, true, SLOW, notFound); break;
            case "notFoundNotIgnored": logged = levelLogged(level, false, FAST, notFound); break;
            default: throw new IllegalArgumentException(statement);
        }
        assertThat(logged).isEqualTo(expected);
    }

    @Test
    void aNormalStatementIsOneLineWithTimeRowsAndInlinedSql() {
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(select(), FAST, 3, null, Context.empty());
        assertThat(c.only()).isEqualTo("INFO [12.346ms] [rows:3] SELECT * FROM \"users\" WHERE age > 18");
    }

    @Test
    void aSlowStatementNamesTheThreshold() {
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false)).trace(select(), SLOW, 1, null, Context.empty());
        assertThat(c.only())
                .isEqualTo("WARN SLOW SQL >= 200ms [250.000ms] [rows:1] SELECT * FROM \"users\" WHERE age > 18");
    }

    @Test
    void aStatementTakingExactlyTheThresholdIsSlow() {
        Capture c = new Capture();
        c.logger(Logger.builder().slowThreshold(Duration.ofSeconds(1))).trace(select(), Duration.ofSeconds(1), 0, null,
                Context.empty());
        assertThat(c.only()).startsWith("WARN SLOW SQL >= 1s [1000.000ms] [rows:0] ");
    }

    @Test
    void aZeroThresholdTurnsSlowDetectionOff() {
        Capture warn = new Capture();
        warn.logger(Logger.builder().slowThreshold(Duration.ZERO)).trace(select(), Duration.ofHours(1), 1, null,
                Context.empty());
        assertThat(warn.lines).isEmpty();

        Capture info = new Capture();
        info.logger(Logger.builder().slowThreshold(Duration.ZERO).level(LogLevel.INFO))
                .trace(select(), Duration.ofHours(1), 1, null, Context.empty());
        assertThat(info.only()).startsWith("INFO [3600000.000ms] [rows:1] SELECT");
    }

    @Test
    void aFailedStatementNamesTheExceptionClassAndMessage() {
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false)).trace(select(), FAST, 0, new IllegalStateException("boom"), Context.empty());
        assertThat(c.only()).isEqualTo("ERROR java.lang.IllegalStateException: boom [12.346ms] [rows:0] "
                + "SELECT * FROM \"users\" WHERE age > 18");
    }

    @Test
    void aFailedStatementWithoutMessageNamesTheExceptionClass() {
        Capture c = new Capture();
        c.logger(Logger.builder()).trace(select(), FAST, 0, new IllegalStateException(), Context.empty());
        assertThat(c.only()).startsWith("ERROR java.lang.IllegalStateException [12.346ms] [rows:0] SELECT");
    }

    @Test
    void aRecordNotFoundLoggedAsAnErrorWhenNotIgnored() {
        Capture c = new Capture();
        c.logger(Logger.builder().ignoreRecordNotFound(false))
                .trace(select(), FAST, 0, new RecordNotFoundException("no users row"), Context.empty());
        assertThat(c.only()).startsWith("ERROR dev.r2orm.RecordNotFoundException: no users row [12.346ms] [rows:0] ");
    }

    @Test
    void aCancelledStatementShowsRowsAsADash() {
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(select(), FAST, -1, null, Context.empty());
        assertThat(c.only()).isEqualTo("INFO [12.346ms] [rows:-] SELECT * FROM \"users\" WHERE age > 18");
    }

    @Test
    void parameterizedQueriesShowTheMarkersAndNotTheValues() {
        Capture inlined = new Capture();
        inlined.logger(Logger.builder().level(LogLevel.INFO).parameterizedQueries(false))
                .trace(select(), FAST, 1, null, Context.empty());
        assertThat(inlined.only()).endsWith("WHERE age > 18").doesNotContain("$1");

        Capture parameterized = new Capture();
        parameterized.logger(Logger.builder().level(LogLevel.INFO).parameterizedQueries(true))
                .trace(select(), FAST, 1, null, Context.empty());
        assertThat(parameterized.only()).endsWith("WHERE age > $1").doesNotContain("18");
    }

    @Test
    void parameterizedQueriesAlsoHideTheValuesOfSlowAndFailedStatements() {
        Sql secret = new SqlWriter(new TestDialect()).keyword("SELECT * FROM users WHERE token = ").bind("s3cr3t")
                .toSql();
        Capture c = new Capture();
        Logger logger = c.logger(Logger.builder().parameterizedQueries(true));
        logger.trace(secret, SLOW, 1, null, Context.empty());
        logger.trace(secret, FAST, 0, new IllegalStateException("boom"), Context.empty());
        assertThat(c.lines).hasSize(2).allSatisfy(l -> assertThat(l).endsWith("token = $1").doesNotContain("s3cr3t"));
    }

    @Test
    void theDefaultLoggerKeepsValuesOutOfFailedAndSlowStatements() {
        Sql secret = new SqlWriter(new TestDialect()).keyword("UPDATE users SET password = ").bind("hunter2")
                .toSql();
        Capture c = new Capture();
        Logger logger = c.logger(Logger.builder());
        logger.trace(secret, FAST, 0, new IllegalStateException("boom"), Context.empty());
        logger.trace(secret, SLOW, 1, null, Context.empty());
        assertThat(c.lines).hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith("password = $1").doesNotContain("hunter2"));
    }

    @Test
    void sqlLongerThanTenThousandCharactersIsAbbreviated() {
        Sql big = new SqlWriter(new TestDialect()).keyword("SELECT '" + "x".repeat(12_000) + "' WHERE a = ").bind(1)
                .toSql();
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(big, FAST, 1, null, Context.empty());
        String line = c.only();
        assertThat(line).endsWith("... (2021 more characters)").doesNotContain("WHERE a = 1");
        assertThat(line).hasSize("INFO [12.346ms] [rows:1] ".length() + 10_000 + "... (2021 more characters)".length());
    }

    @Test
    void nothingIsRenderedWhenSlf4jHasTheLevelOff() {
        AtomicInteger rendered = new AtomicInteger();
        Object value = new Object() {
            @Override
            public String toString() {
                rendered.incrementAndGet();
                return "v";
            }
        };
        Sql sql = new SqlWriter(new TestDialect()).keyword("SELECT ").bind(value).toSql();
        Capture c = new Capture("INFO", "WARN", "ERROR");
        Logger logger = c.logger(Logger.builder().level(LogLevel.INFO));
        logger.trace(sql, FAST, 1, null, Context.empty());
        logger.trace(sql, SLOW, 1, null, Context.empty());
        logger.trace(sql, FAST, 1, new IllegalStateException(), Context.empty());
        assertThat(c.lines).isEmpty();
        assertThat(c.enabledChecks).hasValue(3);
        assertThat(rendered).hasValue(0);
    }

    @Test
    void aLevelBelowTheStatementsDoesNotEvenAskSlf4j() {
        Capture c = new Capture();
        c.logger(Logger.builder().level(LogLevel.SILENT)).trace(select(), SLOW, 1, new IllegalStateException(),
                Context.empty());
        assertThat(c.lines).isEmpty();
        assertThat(c.enabledChecks).hasValue(0);
    }

    @Test
    void aValueThatCannotBeRenderedDoesNotMakeTheLoggerThrow() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        Sql sql = new SqlWriter(new TestDialect()).keyword("SELECT ").bind(broken).toSql();
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(sql, FAST, 1, null, Context.empty());
        assertThat(c.only()).isEqualTo(
                "INFO [12.346ms] [rows:1] SELECT $1 (values not shown: java.lang.IllegalStateException: no text)");
    }

    @Test
    void aStatementMadeByHandShowsItsBindsAfterTheText() {
        Sql sql = new Sql("SELECT ?", List.of(7), List.of(Integer.class));
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(sql, FAST, 1, null, Context.empty());
        assertThat(c.only()).endsWith("] SELECT ? [7]");
    }

    @Test
    void aDriverParameterIsInlinedByItsValue() {
        Sql sql = new SqlWriter(new TestDialect()).keyword("SELECT * FROM users WHERE name = ")
                .bind(Parameters.in(R2dbcType.VARCHAR, "O'Brien")).keyword(" AND age = ")
                .bind(Parameters.in(R2dbcType.INTEGER)).toSql();
        Capture c = new Capture();
        c.logger(Logger.builder().parameterizedQueries(false).level(LogLevel.INFO)).trace(sql, FAST, 1, null, Context.empty());
        assertThat(c.only()).endsWith("] SELECT * FROM users WHERE name = 'O''Brien' AND age = NULL");

        Sql byHand = new Sql("SELECT ?", List.of(Parameters.in(R2dbcType.INTEGER, 7)), List.of(Parameter.class));
        assertThat(byHand.inlined()).isEqualTo("SELECT ? [7]");
    }

    @Test
    void transactionStatementsAreLoggedAtInfoAndTheirFailuresAtError() {
        Capture info = new Capture();
        Logger logger = info.logger(Logger.builder().level(LogLevel.INFO));
        logger.transaction(Sql.of("BEGIN"), FAST, null, Context.empty());
        logger.transaction(Sql.of("COMMIT"), SLOW, null, Context.empty());
        logger.transaction(Sql.of("ROLLBACK TO SAVEPOINT sp1"), FAST, new IllegalStateException("gone"),
                Context.empty());
        assertThat(info.lines).containsExactly("INFO [12.346ms] [rows:0] BEGIN",
                "WARN SLOW SQL >= 200ms [250.000ms] [rows:0] COMMIT",
                "ERROR java.lang.IllegalStateException: gone [12.346ms] [rows:0] ROLLBACK TO SAVEPOINT sp1");

        Capture warn = new Capture();
        warn.logger(Logger.builder()).transaction(Sql.of("BEGIN"), FAST, null, Context.empty());
        assertThat(warn.lines).isEmpty();
    }

    @Test
    void aLoggerOfItsOwnIgnoresTransactionStatementsUnlessItAsks() {
        List<String> seen = new ArrayList<>();
        Logger statements = (sql, elapsed, rows, error, ctx) -> seen.add(sql.sql());
        statements.transaction(Sql.of("BEGIN"), FAST, null, Context.empty());
        assertThat(seen).isEmpty();
    }

    @Test
    void builderDefaultsAreWarn200msParameterizedAndIgnoreRecordNotFound() {
        assertThat(Logger.builder().build()).hasToString(
                "Logger.slf4j[level=WARN, slowThreshold=200ms, parameterizedQueries=true, ignoreRecordNotFound=true]");
        assertThat(Logger.slf4j(Duration.ofMillis(200)).toString()).isEqualTo(Logger.builder().build().toString());
        assertThat(Logger.slf4j(Duration.ofMillis(1500))).hasToString(
                "Logger.slf4j[level=WARN, slowThreshold=1.5s, parameterizedQueries=true, ignoreRecordNotFound=true]");
    }

    @Test
    void aBuilderCanBeReusedWithoutChangingWhatItBuilt() {
        Logger.Builder builder = Logger.builder().level(LogLevel.INFO);
        Logger first = builder.build();
        builder.level(LogLevel.ERROR).parameterizedQueries(false).ignoreRecordNotFound(false)
                .slowThreshold(Duration.ofMillis(5));
        assertThat(first).hasToString(
                "Logger.slf4j[level=INFO, slowThreshold=200ms, parameterizedQueries=true, ignoreRecordNotFound=true]");
        assertThat(builder.build()).hasToString(
                "Logger.slf4j[level=ERROR, slowThreshold=5ms, parameterizedQueries=false, ignoreRecordNotFound=false]");
    }

    @Test
    @SuppressWarnings("DataFlowIssue")
    void builderArgumentsAreValidated() {
        assertThatNullPointerException().isThrownBy(() -> Logger.builder().level(null))
                .withMessage("level must not be null");
        assertThatNullPointerException().isThrownBy(() -> Logger.builder().slowThreshold(null))
                .withMessage("slowThreshold must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> Logger.builder().slowThreshold(Duration.ofMillis(-1)))
                .withMessage("slowThreshold must not be negative: PT-0.001S");
        assertThatNullPointerException().isThrownBy(() -> Logger.slf4j(null))
                .withMessage("slowThreshold must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> Logger.slf4j(Duration.ofSeconds(-1)));
    }

    @ParameterizedTest
    @CsvSource({"PT0.2S, 200ms", "PT1S, 1s", "PT1.5S, 1.5s", "PT0.00025S, 250us", "PT0.0000005S, 500ns",
        "PT0S, 0ns", "PT1M, 60s", "PT0.0125S, 12.5ms"})
    void thresholdsPrintAsGoDurations(Duration d, String expected) {
        assertThat(Slf4jLogger.format(d)).isEqualTo(expected);
    }

    @Test
    void theSilentLoggerLogsNothingAndTheDefaultCategoryIsDevR2ormSql() {
        Logger.silent().trace(select(), SLOW, 1, new IllegalStateException(), Context.empty());
        assertThat(Slf4jLogger.CATEGORY).isEqualTo("dev.r2orm.sql");
    }

    /** The default {@link dev.r2orm.dialect.Dialect#literal}, as PostgreSQL and H2 read it. */
    @Nested
    class Literals {

        private String inlined(@Nullable Object value) {
            return new SqlWriter(new TestDialect()).keyword("v = ").bind(value, Object.class).toSql().inlined();
        }

        @Test
        void nullNumbersAndBooleans() {
            assertThat(inlined(null)).isEqualTo("v = NULL");
            assertThat(inlined(42)).isEqualTo("v = 42");
            assertThat(inlined(-7L)).isEqualTo("v = -7");
            assertThat(inlined(new BigDecimal("12.50"))).isEqualTo("v = 12.50");
            assertThat(inlined(1.5d)).isEqualTo("v = 1.5");
            assertThat(inlined(true)).isEqualTo("v = true");
        }

        @Test
        void notANumberAndInfinityAreQuoted() {
            assertThat(inlined(Double.NaN)).isEqualTo("v = 'NaN'");
            assertThat(inlined(Float.NEGATIVE_INFINITY)).isEqualTo("v = '-Infinity'");
        }

        @Test
        void aNegativeNumberAfterAMinusDoesNotStartAComment() {
            Sql sql = new SqlWriter(new TestDialect()).keyword("SELECT a -").bind(-5).toSql();
            assertThat(sql.inlined()).isEqualTo("SELECT a - -5");
        }

        @Test
        void stringsAreQuotedWithQuotesDoubledAndBackslashesKept() {
            assertThat(inlined("O'Brien \\ x")).isEqualTo("v = 'O''Brien \\ x'");
            assertThat(inlined('c')).isEqualTo("v = 'c'");
        }

        @Test
        void bytesAreHexAndArraysAreArrayConstructors() {
            assertThat(inlined(new byte[] {0x0a, (byte) 0xff})).isEqualTo("v = X'0aff'");
            assertThat(inlined(new Object[] {1, "a'b", null})).isEqualTo("v = ARRAY[1,'a''b',NULL]");
            assertThat(inlined(new long[] {1, 2})).isEqualTo("v = ARRAY[1,2]");
        }

        @Test
        void timesAlwaysHaveSecondsAndAnOffsetWhenTheyHaveAZone() {
            assertThat(inlined(LocalDate.of(2026, 11, 25))).isEqualTo("v = '2026-11-25'");
            assertThat(inlined(LocalDateTime.of(2026, 11, 25, 10, 0))).isEqualTo("v = '2026-11-25 10:00:00'");
            assertThat(inlined(LocalDateTime.of(2026, 11, 25, 10, 0, 5, 123_456_000)))
                    .isEqualTo("v = '2026-11-25 10:00:05.123456'");
            assertThat(inlined(LocalTime.of(10, 0))).isEqualTo("v = '10:00:00'");
            assertThat(inlined(Instant.parse("2026-11-25T10:00:00Z"))).isEqualTo("v = '2026-11-25 10:00:00+00:00'");
            assertThat(inlined(Instant.parse("2026-11-25T10:00:00.5Z")))
                    .isEqualTo("v = '2026-11-25 10:00:00.5+00:00'");
            assertThat(inlined(OffsetDateTime.of(2026, 11, 25, 11, 0, 0, 0, ZoneOffset.ofHours(1))))
                    .isEqualTo("v = '2026-11-25 11:00:00+01:00'");
            assertThat(inlined(ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"))))
                    .isEqualTo("v = '2026-07-01 12:00:00+02:00'");
            assertThat(inlined(OffsetTime.of(9, 30, 0, 1_000, ZoneOffset.ofHours(-5))))
                    .isEqualTo("v = '09:30:00.000001-05:00'");
        }

        @Test
        void uuidsAreQuoted() {
            UUID id = UUID.fromString("6f1b6a8e-8a3e-4c55-9a53-0b7b8a7f1c01");
            assertThat(inlined(id)).isEqualTo("v = '6f1b6a8e-8a3e-4c55-9a53-0b7b8a7f1c01'");
        }

        @Test
        void enumsAreWrittenByName() {
            assertThat(inlined(LogLevel.WARN)).isEqualTo("v = 'WARN'");
        }
    }
}
