package dev.r2orm.integration;

import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.EnumLabel;
import dev.r2orm.annotation.Table;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The corpus of {@link HostileValueCorpusIntegrationTests}: the model and its hand-written tables, and the hostile
 * values, each a named {@link Case} of one field, one value, and what each database must do with it.
 */
final class HostileValues {

    private HostileValues() {
    }

    enum Mood { HAPPY, @EnumLabel("it's; DROP TABLE x--") QUOTED, @EnumLabel("\u00FCn\u00EFc\u00F8d\u00E9 \u2713") UNICODE }

    /** One row of every mapped type, on a table written by hand (see {@link #ddl}). */
    @Table("hostile_values")
    static class Hostile {
        Long id;
        @Column(size = 40)
        String tag;
        @Column(size = 50)
        String short50;
        String body;
        Byte tiny;
        Short small;
        Integer medium;
        Long big;
        byte pByte;
        short pShort;
        int pInt;
        long pLong;
        float pFloat;
        double pDouble;
        boolean pBool;
        @Column(precision = 10, scale = 2)
        BigDecimal amount;
        @Column(precision = 30)
        BigInteger huge;
        Float ratio;
        Double measure;
        Boolean flag;
        LocalDate onDay;
        LocalTime clock;
        LocalDateTime stamp;
        OffsetDateTime stampTz;
        Instant instant;
        UUID uuid;
        byte[] payload;
        @Column(size = 20)
        Mood mood;
        Duration span;
    }

    /** PostgreSQL's JSON and array columns, on a table of their own. */
    @Table("hostile_docs")
    static class HostileDoc {
        Long id;
        @Column(size = 40)
        String tag;
        @Column(type = "jsonb")
        String doc;
        List<String> labels;
    }

    static String ddl(TestDatabase target) {
        return switch (target) {
            case POSTGRESQL -> "CREATE TABLE hostile_values (id bigserial PRIMARY KEY, tag varchar(40) NOT NULL,"
                    + " short50 varchar(50), body text, tiny smallint, small smallint, medium integer, big bigint,"
                    + " p_byte smallint NOT NULL DEFAULT 0, p_short smallint NOT NULL DEFAULT 0,"
                    + " p_int integer NOT NULL DEFAULT 0, p_long bigint NOT NULL DEFAULT 0,"
                    + " p_float real NOT NULL DEFAULT 0, p_double double precision NOT NULL DEFAULT 0,"
                    + " p_bool boolean NOT NULL DEFAULT false, amount numeric(10,2), huge numeric(30,0), ratio real,"
                    + " measure double precision, flag boolean, on_day date, clock time(6), stamp timestamp(6),"
                    + " stamp_tz timestamptz(6), instant timestamptz(6), uuid uuid, payload bytea, mood varchar(20),"
                    + " span interval)";
            case H2 -> "CREATE TABLE hostile_values (id bigint AUTO_INCREMENT PRIMARY KEY, tag varchar(40) NOT NULL,"
                    + " short50 varchar(50), body varchar, tiny tinyint, small smallint, medium integer, big bigint,"
                    + " p_byte tinyint NOT NULL DEFAULT 0, p_short smallint NOT NULL DEFAULT 0,"
                    + " p_int integer NOT NULL DEFAULT 0, p_long bigint NOT NULL DEFAULT 0,"
                    + " p_float real NOT NULL DEFAULT 0, p_double double precision NOT NULL DEFAULT 0,"
                    + " p_bool boolean NOT NULL DEFAULT false, amount numeric(10,2), huge numeric(30,0), ratio real,"
                    + " measure double precision, flag boolean, on_day date, clock time(6), stamp timestamp(6),"
                    + " stamp_tz timestamp(6) with time zone, instant timestamp(6) with time zone, uuid uuid,"
                    + " payload varbinary, mood varchar(20), span interval day(18) to second(6))";
            default -> "CREATE TABLE hostile_values (id bigint AUTO_INCREMENT PRIMARY KEY, tag varchar(40) NOT NULL,"
                    + " short50 varchar(50), body text, tiny tinyint, small smallint, medium int, big bigint,"
                    + " p_byte tinyint NOT NULL DEFAULT 0, p_short smallint NOT NULL DEFAULT 0,"
                    + " p_int int NOT NULL DEFAULT 0, p_long bigint NOT NULL DEFAULT 0,"
                    + " p_float float NOT NULL DEFAULT 0, p_double double NOT NULL DEFAULT 0,"
                    + " p_bool boolean NOT NULL DEFAULT false, amount decimal(10,2), huge decimal(30,0), ratio float,"
                    + " measure double, flag boolean, on_day date, clock time(6), stamp datetime(6),"
                    + " stamp_tz datetime(6), instant datetime(6), uuid char(36), payload blob, mood varchar(20),"
                    + " span time(6))";
        };
    }

    static final String DOCS_DDL = "CREATE TABLE hostile_docs (id bigserial PRIMARY KEY, tag varchar(40) NOT NULL,"
            + " doc jsonb, labels text[])";

    // ---------------------------------------------------------------- cases

    /** What a database does with a value. */
    enum Outcome {
        /** Stored and read back equal. */
        ROUND_TRIP,
        /** Refused with an {@code InvalidValueException}; nothing written. */
        REFUSED
    }

    /**
     * One hostile value written to one field.
     *
     * @param name the case's name, as failures print it
     * @param field the model field it is written to
     * @param value the value
     * @param outcome what each database must do with it through the model's entry points
     * @param reason what a refusal before sending says (a part of the message), or null when the database refuses
     * @param raw what each database does with it in a raw statement, where r2orm does not know the column: null when
     *     it is the same as {@code outcome}
     * @param mapOnly whether the value is of another type than the field, so only map entry points can carry it
     * @param stored what the field reads back, when it differs from the value in type (map values)
     */
    record Case(String name, String field, @Nullable Object value, Function<TestDatabase, Outcome> outcome,
            @Nullable String reason, @Nullable Function<TestDatabase, Outcome> raw, boolean mapOnly,
            @Nullable Object stored) {

        Outcome on(TestDatabase target) {
            return outcome.apply(target);
        }

        Outcome rawOn(TestDatabase target) {
            return raw == null ? outcome.apply(target) : raw.apply(target);
        }

        @Override
        public String toString() {
            return field + "/" + name;
        }
    }

    private static final Function<TestDatabase, Outcome> KEPT = t -> Outcome.ROUND_TRIP;
    private static final Function<TestDatabase, Outcome> REFUSED = t -> Outcome.REFUSED;
    private static final Function<TestDatabase, Outcome> REFUSED_ON_POSTGRES =
            t -> t == TestDatabase.POSTGRESQL ? Outcome.REFUSED : Outcome.ROUND_TRIP;
    private static final Function<TestDatabase, Outcome> REFUSED_ON_MARIADB =
            t -> t.isMySqlFamily() ? Outcome.REFUSED : Outcome.ROUND_TRIP;
    private static final Function<TestDatabase, Outcome> KEPT_ON_POSTGRES =
            t -> t == TestDatabase.POSTGRESQL ? Outcome.ROUND_TRIP : Outcome.REFUSED;
    /**
     * MariaDB's {@code FLOAT} column is read back through the text protocol with six significant digits, and without
     * the sign of zero: written, but read back changed (not compared).
     */
    private static final Function<TestDatabase, Outcome> CHANGED_BY_MARIADB_FLOAT =
            t -> t.isMySqlFamily() ? null : Outcome.ROUND_TRIP;
    private static final Function<TestDatabase, Outcome> KEPT_ON_POSTGRES_AND_H2 =
            t -> t.isMySqlFamily() ? Outcome.REFUSED : Outcome.ROUND_TRIP;
    private static final Function<TestDatabase, Outcome> KEPT_ON_H2 =
            t -> t == TestDatabase.H2 ? Outcome.ROUND_TRIP : Outcome.REFUSED;
    /** In raw SQL the database rounds the value to its column (written, not compared). */
    private static final Function<TestDatabase, Outcome> DATABASE_ROUNDS = t -> null;

    private static Case kept(String field, String name, @Nullable Object value) {
        return new Case(name, field, value, KEPT, null, null, false, null);
    }

    private static Case by(String field, String name, Object value, Function<TestDatabase, Outcome> outcome,
            @Nullable String reason) {
        return new Case(name, field, value, outcome, reason, null, false, null);
    }

    /** A value r2orm refuses, that a raw statement leaves to the database's own rules. */
    private static Case refusedRawBy(String field, String name, Object value, String reason,
            Function<TestDatabase, Outcome> raw) {
        return new Case(name, field, value, REFUSED, reason, raw, false, null);
    }

    private static Case mapRefused(String field, String name, Object value, String reason) {
        return new Case(name, field, value, REFUSED, reason, null, true, null);
    }

    private static Case mapKept(String field, String name, Object value, Object stored) {
        return new Case(name, field, value, KEPT, null, null, true, stored);
    }

    // ---------------------------------------------------------------- text

    private static final String NUL = "text its encoding cannot hold";
    private static final String SURROGATE = "unpaired surrogate";

    /** Hostile text that fits 50 characters. */
    static List<Object[]> shortTexts() {
        List<Object[]> t = new ArrayList<>();
        t.add(new Object[] {"empty", ""});
        t.add(new Object[] {"space", " "});
        t.add(new Object[] {"spaces-around", "  padded  "});
        t.add(new Object[] {"trailing-spaces", "x   "});
        t.add(new Object[] {"tab-cr-lf", "\t\r\n"});
        t.add(new Object[] {"control-chars", "\u0001\u0002\u0007\u0008\u001B\u001F\u007F"});
        t.add(new Object[] {"c1-controls", "\u0080\u0085\u009F"});
        t.add(new Object[] {"single-quote", "'"});
        t.add(new Object[] {"doubled-quotes", "''''"});
        t.add(new Object[] {"double-quote", "\""});
        t.add(new Object[] {"backtick", "`"});
        t.add(new Object[] {"backslash", "\\"});
        t.add(new Object[] {"backslash-quote", "\\'"});
        t.add(new Object[] {"backslash-zero", "\\0"});
        t.add(new Object[] {"backslash-x00", "\\x00"});
        t.add(new Object[] {"or-1-1", "' OR '1'='1"});
        t.add(new Object[] {"drop-table", "'; DROP TABLE hostile_values; --"});
        t.add(new Object[] {"comment", "/* x */ --"});
        t.add(new Object[] {"hash-comment", "# x"});
        t.add(new Object[] {"dollar-marker", "$1"});
        t.add(new Object[] {"question-marker", "?"});
        t.add(new Object[] {"named-marker", "@name"});
        t.add(new Object[] {"colon-marker", ":name"});
        t.add(new Object[] {"dollar-quote", "$$ x $$"});
        t.add(new Object[] {"like-wildcards", "%_%\\_"});
        t.add(new Object[] {"null-word", "NULL"});
        t.add(new Object[] {"format-string", "%s%n%x%d"});
        t.add(new Object[] {"jndi", "${jndi:ldap://x/a}"});
        t.add(new Object[] {"html", "<script>alert(1)</script>"});
        t.add(new Object[] {"nbsp", "\u00A0"});
        t.add(new Object[] {"zero-width", "\u200B\u200C\u200D"});
        t.add(new Object[] {"bom", "\uFEFF"});
        t.add(new Object[] {"rtl-override", "\u202Eabc"});
        t.add(new Object[] {"line-separators", "\u2028\u2029"});
        t.add(new Object[] {"noncharacters", "\uFFFE\uFFFF"});
        t.add(new Object[] {"private-use", "\uE000\uF8FF"});
        t.add(new Object[] {"replacement-char", "\uFFFD"});
        t.add(new Object[] {"combining", "e\u0301\u0301\u0301"});
        t.add(new Object[] {"fullwidth-quote", "\uFF07 OR 1=1"});
        t.add(new Object[] {"greek-cjk", "\u03A9\u4E2D\u6587"});
        t.add(new Object[] {"emoji-pair", "\uD83D\uDE00"});
        t.add(new Object[] {"flag-zwj", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08"});
        t.add(new Object[] {"astral-plane-max", new String(Character.toChars(0x10FFFF))});
        t.add(new Object[] {"fifty-letters", "a".repeat(50)});
        t.add(new Object[] {"fifty-emoji", "\uD83D\uDE00".repeat(50)});
        t.add(new Object[] {"fifty-quotes", "'".repeat(50)});
        return t;
    }

    /** Hostile text longer than 50 characters, or that no column may hold. */
    static List<Case> texts() {
        List<Case> out = new ArrayList<>();
        for (Object[] t : shortTexts()) {
            // H2 counts a varchar's length in UTF-16 units: fifty emoji are a hundred, which it refuses
            out.add(t[0].equals("fifty-emoji") ? by("short50", "fifty-emoji", t[1],
                    target -> target == TestDatabase.H2 ? Outcome.REFUSED : Outcome.ROUND_TRIP, null)
                    : kept("short50", (String) t[0], t[1]));
            out.add(kept("body", (String) t[0], t[1]));
        }
        out.add(refusedRawBy("short50", "fifty-one-letters", "a".repeat(51), "51 characters, longer than the field's"
                + " size 50", REFUSED));
        out.add(refusedRawBy("short50", "fifty-one-emoji", "\uD83D\uDE00".repeat(51), "51 characters", REFUSED));
        out.add(refusedRawBy("short50", "ten-thousand", "x".repeat(10_000), "10000 characters", REFUSED));
        out.add(kept("short50", "null", null));
        out.add(kept("body", "null", null));
        for (String field : List.of("short50", "body")) {
            out.add(by(field, "nul", "\u0000", REFUSED_ON_POSTGRES, NUL));
            out.add(by(field, "nul-middle", "a\u0000b", REFUSED_ON_POSTGRES, NUL));
            out.add(by(field, "nul-end", "abc\u0000", REFUSED_ON_POSTGRES, NUL));
            out.add(by(field, "nuls", "\u0000\u0000\u0000", REFUSED_ON_POSTGRES, NUL));
            out.add(refused(field, "lone-high-surrogate", "\uD800", SURROGATE));
            out.add(refused(field, "lone-low-surrogate", "\uDC00", SURROGATE));
            out.add(refused(field, "surrogate-middle", "a\uD83Db", SURROGATE));
            out.add(refused(field, "reversed-pair", "\uDE00\uD83D", SURROGATE));
            out.add(refused(field, "high-at-end", "emoji \uD83D\uDE00\uD83D", SURROGATE));
        }
        out.add(kept("body", "sixty-thousand-letters", "x".repeat(60_000)));
        out.add(by("body", "hundred-thousand-quotes", "'\\\"".repeat(33_000), REFUSED_ON_MARIADB,
                null));
        out.add(kept("body", "deep-json-text", "[".repeat(5_000) + "]".repeat(5_000)));
        out.add(kept("body", "quotes-and-backslashes", "'\\\"`".repeat(5_000)));
        out.add(kept("body", "mixed-scripts-long", "\u05D0a\u0627\u4E2D\uD83D\uDE00".repeat(2_000)));
        out.add(by("body", "seventy-thousand-letters", "m".repeat(70_000), REFUSED_ON_MARIADB, null));
        return out;
    }

    // ---------------------------------------------------------------- numbers

    static List<Case> integers() {
        List<Case> out = new ArrayList<>();
        out.add(kept("tiny", "min", Byte.MIN_VALUE));
        out.add(kept("tiny", "max", Byte.MAX_VALUE));
        out.add(kept("tiny", "minus-one", (byte) -1));
        out.add(kept("tiny", "null", null));
        out.add(kept("pByte", "min", Byte.MIN_VALUE));
        out.add(kept("pByte", "max", Byte.MAX_VALUE));
        out.add(kept("small", "min", Short.MIN_VALUE));
        out.add(kept("small", "max", Short.MAX_VALUE));
        out.add(kept("small", "null", null));
        out.add(kept("pShort", "min", Short.MIN_VALUE));
        out.add(kept("pShort", "max", Short.MAX_VALUE));
        out.add(kept("medium", "min", Integer.MIN_VALUE));
        out.add(kept("medium", "max", Integer.MAX_VALUE));
        out.add(kept("medium", "zero", 0));
        out.add(kept("medium", "null", null));
        out.add(kept("pInt", "min", Integer.MIN_VALUE));
        out.add(kept("pInt", "max", Integer.MAX_VALUE));
        out.add(kept("big", "min", Long.MIN_VALUE));
        out.add(kept("big", "max", Long.MAX_VALUE));
        out.add(kept("big", "min-plus-one", Long.MIN_VALUE + 1));
        out.add(kept("big", "null", null));
        out.add(kept("pLong", "min", Long.MIN_VALUE));
        out.add(kept("pLong", "max", Long.MAX_VALUE));
        // values of another type, given in maps
        out.add(mapRefused("tiny", "int-128", 128, "out of the range"));
        out.add(mapRefused("tiny", "int-minus-129", -129, "out of the range"));
        out.add(mapRefused("small", "int-32768", 32_768, "out of the range"));
        out.add(mapRefused("medium", "long-overflow", 1L << 31, "out of the range"));
        out.add(mapRefused("medium", "long-max", Long.MAX_VALUE, "out of the range"));
        out.add(mapRefused("pInt", "long-min", Long.MIN_VALUE, "out of the range"));
        out.add(mapRefused("big", "biginteger-2-pow-63", BigInteger.ONE.shiftLeft(63), "out of the range"));
        out.add(mapRefused("big", "biginteger-minus-2-pow-64", BigInteger.ONE.shiftLeft(64).negate(),
                "out of the range"));
        out.add(mapRefused("medium", "fraction", 1.5d, "not a whole number"));
        out.add(mapRefused("big", "decimal-fraction", new BigDecimal("7.000001"), "not a whole number"));
        out.add(mapRefused("medium", "nan", Double.NaN, "not a number"));
        out.add(mapRefused("big", "infinity", Double.POSITIVE_INFINITY, "infinite"));
        out.add(mapRefused("pLong", "minus-infinity", Float.NEGATIVE_INFINITY, "infinite"));
        out.add(mapRefused("medium", "numeric-string", "12", "not a number"));
        out.add(mapRefused("small", "boolean", Boolean.TRUE, "not a number"));
        out.add(mapKept("big", "int-in-long", 7, 7L));
        out.add(mapKept("medium", "whole-double", 42.0d, 42));
        out.add(mapKept("tiny", "short-in-byte", (short) -128, (byte) -128));
        return out;
    }

    private static final String PRECISION = "precision";

    static List<Case> decimals() {
        List<Case> out = new ArrayList<>();
        out.add(kept("amount", "zero", new BigDecimal("0.00")));
        out.add(kept("amount", "negative-zero-scale", new BigDecimal("-0.00")));
        out.add(kept("amount", "max", new BigDecimal("99999999.99")));
        out.add(kept("amount", "min", new BigDecimal("-99999999.99")));
        out.add(kept("amount", "cent", new BigDecimal("0.01")));
        out.add(kept("amount", "trailing-zeros", new BigDecimal("1.5000")));
        out.add(kept("amount", "negative-scale", new BigDecimal("1E+7")));
        out.add(kept("amount", "null", null));
        out.add(refusedRawBy("amount", "overflow", new BigDecimal("100000000.00"), PRECISION, REFUSED));
        out.add(refusedRawBy("amount", "huge", new BigDecimal("1E+1000"), PRECISION, REFUSED));
        out.add(refusedRawBy("amount", "millis", new BigDecimal("0.001"), "decimal places",
                HostileValues::roundsOrRefuses));
        out.add(refusedRawBy("amount", "half-cent", new BigDecimal("99999999.995"), "decimal places",
                HostileValues::roundsOrRefuses));
        out.add(refusedRawBy("amount", "tiny", new BigDecimal("1E-1000"), "decimal places",
                HostileValues::roundsOrRefuses));
        out.add(mapRefused("amount", "nan", Double.NaN, "not a number"));
        out.add(mapRefused("amount", "infinity", Double.POSITIVE_INFINITY, "infinite"));
        out.add(mapRefused("amount", "minus-infinity", Float.NEGATIVE_INFINITY, "infinite"));
        out.add(mapRefused("amount", "string", "1.00", "not a number"));
        out.add(mapKept("amount", "long", 12L, new BigDecimal("12")));
        out.add(kept("huge", "thirty-nines", new BigInteger("9".repeat(30))));
        out.add(kept("huge", "minus-thirty-nines", new BigInteger("-" + "9".repeat(30))));
        out.add(kept("huge", "two-pow-64", BigInteger.ONE.shiftLeft(64)));
        out.add(kept("huge", "zero", BigInteger.ZERO));
        out.add(refusedRawBy("huge", "ten-pow-30", BigInteger.TEN.pow(30), PRECISION, REFUSED));
        out.add(refusedRawBy("huge", "two-pow-1000", BigInteger.ONE.shiftLeft(1000), PRECISION, REFUSED));
        out.add(mapRefused("huge", "nan", Double.NaN, "not a number"));
        return out;
    }

    /** A decimal with more places than its column, in raw SQL: every database rounds it (written, not compared). */
    private static @Nullable Outcome roundsOrRefuses(TestDatabase target) {
        return null;
    }

    static List<Case> floats() {
        List<Case> out = new ArrayList<>();
        for (String f : List.of("measure", "pDouble")) {
            out.add(by(f, "nan", Double.NaN, REFUSED_ON_MARIADB, "not a number"));
            out.add(by(f, "infinity", Double.POSITIVE_INFINITY, REFUSED_ON_MARIADB, "infinite"));
            out.add(by(f, "minus-infinity", Double.NEGATIVE_INFINITY, REFUSED_ON_MARIADB, "infinite"));
            out.add(kept(f, "max", Double.MAX_VALUE));
            out.add(kept(f, "minus-max", -Double.MAX_VALUE));
            out.add(kept(f, "min-normal", Double.MIN_NORMAL));
            out.add(kept(f, "subnormal-min", Double.MIN_VALUE));
            out.add(by(f, "negative-zero", -0.0d, KEPT_ON_POSTGRES, "negative zero"));
            out.add(kept(f, "one-third", 1d / 3));
            out.add(kept(f, "point-one-plus-two", 0.1 + 0.2));
            out.add(kept(f, "pi", Math.PI));
            out.add(kept(f, "two-pow-53-plus-two", 9_007_199_254_740_994d));
        }
        for (String f : List.of("ratio", "pFloat")) {
            out.add(by(f, "nan", Float.NaN, REFUSED_ON_MARIADB, "not a number"));
            out.add(by(f, "infinity", Float.POSITIVE_INFINITY, REFUSED_ON_MARIADB, "infinite"));
            out.add(by(f, "minus-infinity", Float.NEGATIVE_INFINITY, REFUSED_ON_MARIADB, "infinite"));
            out.add(new Case("max", f, Float.MAX_VALUE, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
            out.add(new Case("min-normal", f, Float.MIN_NORMAL, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
            out.add(new Case("subnormal-min", f, Float.MIN_VALUE, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
            out.add(by(f, "negative-zero", -0.0f, KEPT_ON_POSTGRES, "negative zero"));
            out.add(new Case("one-third", f, 1f / 3, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
            out.add(new Case("point-one", f, 0.1f, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
            out.add(new Case("two-pow-24-minus-one", f, 16_777_215f, CHANGED_BY_MARIADB_FLOAT, null, null, false, null));
        }
        out.add(kept("measure", "null", null));
        out.add(kept("ratio", "null", null));
        out.add(mapRefused("ratio", "double-not-a-float", 0.1d, "not exactly a float"));
        out.add(mapRefused("ratio", "double-beyond-float", 1e300, "not exactly a float"));
        out.add(mapRefused("measure", "long-beyond-double", (1L << 53) + 1, "not exactly a double"));
        out.add(mapRefused("measure", "string", "1.5", "not a number"));
        out.add(mapKept("measure", "float-in-double", 0.5f, 0.5d));
        out.add(mapKept("ratio", "exact-double-in-float", 0.25d, 0.25f));
        return out;
    }

    // ---------------------------------------------------------------- time

    private static final String FINER = "finer than the microseconds";
    private static final String YEAR = "year";

    static List<Case> times() {
        List<Case> out = new ArrayList<>();
        out.add(kept("onDay", "epoch", LocalDate.EPOCH));
        out.add(kept("onDay", "year-1", LocalDate.of(1, 1, 1)));
        out.add(kept("onDay", "year-1000", LocalDate.of(1000, 1, 1)));
        out.add(kept("onDay", "year-9999-end", LocalDate.of(9999, 12, 31)));
        out.add(kept("onDay", "gregorian-gap", LocalDate.of(1582, 10, 10)));
        out.add(kept("onDay", "leap-day-2000", LocalDate.of(2000, 2, 29)));
        out.add(kept("onDay", "y2038", LocalDate.of(2038, 1, 19)));
        out.add(kept("onDay", "null", null));
        out.add(by("onDay", "year-10000", LocalDate.of(10_000, 1, 1), REFUSED_ON_MARIADB, YEAR));
        out.add(by("onDay", "year-0", LocalDate.of(0, 6, 15), t -> t == TestDatabase.H2 || t == TestDatabase.POSTGRESQL
                ? Outcome.ROUND_TRIP : Outcome.REFUSED, YEAR));
        out.add(by("onDay", "max-infinity", LocalDate.MAX, KEPT_ON_POSTGRES_AND_H2, YEAR));
        out.add(by("onDay", "min-infinity", LocalDate.MIN, KEPT_ON_POSTGRES_AND_H2, YEAR));
        out.add(by("onDay", "year-300000", LocalDate.of(300_000, 1, 1), KEPT_ON_H2, YEAR));
        out.add(kept("clock", "midnight", LocalTime.MIDNIGHT));
        out.add(kept("clock", "noon", LocalTime.NOON));
        out.add(kept("clock", "last-micro", LocalTime.of(23, 59, 59, 999_999_000)));
        out.add(kept("clock", "one-micro", LocalTime.of(0, 0, 0, 1_000)));
        out.add(kept("clock", "null", null));
        out.add(refusedRawBy("clock", "max", LocalTime.MAX, FINER, DATABASE_ROUNDS));
        out.add(refusedRawBy("clock", "one-nano", LocalTime.of(12, 0, 0, 1), FINER, DATABASE_ROUNDS));
        out.add(refusedRawBy("clock", "half-micro", LocalTime.of(12, 0, 0, 500), FINER, DATABASE_ROUNDS));
        out.add(kept("stamp", "epoch", LocalDateTime.of(1970, 1, 1, 0, 0)));
        out.add(kept("stamp", "year-1", LocalDateTime.of(1, 1, 1, 0, 0)));
        out.add(kept("stamp", "year-9999-last-micro", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)));
        out.add(kept("stamp", "dst-gap-local", LocalDateTime.of(2026, 3, 29, 2, 30)));
        out.add(kept("stamp", "gregorian-gap", LocalDateTime.of(1582, 10, 10, 12, 0)));
        out.add(kept("stamp", "y2038", LocalDateTime.of(2038, 1, 19, 3, 14, 8)));
        out.add(kept("stamp", "null", null));
        out.add(by("stamp", "year-10000", LocalDateTime.of(10_000, 1, 1, 0, 0), REFUSED_ON_MARIADB, YEAR));
        out.add(new Case("max-infinity", "stamp", LocalDateTime.MAX, KEPT_ON_POSTGRES, YEAR + "|" + FINER,
                t -> t == TestDatabase.H2 ? null : KEPT_ON_POSTGRES.apply(t), false, null));
        out.add(by("stamp", "min-infinity", LocalDateTime.MIN, KEPT_ON_POSTGRES_AND_H2, YEAR));
        out.add(refusedRawBy("stamp", "one-nano", LocalDateTime.of(2026, 1, 1, 0, 0, 0, 1), FINER, DATABASE_ROUNDS));
        out.add(kept("stampTz", "plus-14", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(14))));
        out.add(kept("stampTz", "minus-12", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-12))));
        out.add(kept("stampTz", "plus-18", OffsetDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneOffset.MAX)));
        out.add(kept("stampTz", "offset-seconds", OffsetDateTime.of(2026, 6, 1, 10, 0, 0, 123_456_000,
                ZoneOffset.ofHoursMinutesSeconds(5, 30, 45))));
        out.add(kept("stampTz", "utc-year-1", OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        out.add(kept("stampTz", "null", null));
        out.add(by("stampTz", "utc-year-10000", OffsetDateTime.of(9999, 12, 31, 23, 0, 0, 0, ZoneOffset.ofHours(-18)),
                REFUSED_ON_MARIADB, YEAR));
        out.add(new Case("max-infinity", "stampTz", OffsetDateTime.MAX, KEPT_ON_POSTGRES, YEAR + "|" + FINER,
                t -> t == TestDatabase.H2 ? null : KEPT_ON_POSTGRES.apply(t), false, null));
        out.add(by("stampTz", "min-infinity", OffsetDateTime.MIN, KEPT_ON_POSTGRES, YEAR + "|" + FINER));
        out.add(by("stampTz", "min-plus-a-day", OffsetDateTime.MIN.plusDays(1), KEPT_ON_H2, YEAR));
        out.add(refusedRawBy("stampTz", "one-nano", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                FINER, DATABASE_ROUNDS));
        out.add(kept("instant", "epoch", Instant.EPOCH));
        out.add(kept("instant", "before-epoch-micro", Instant.ofEpochSecond(-1, 1_000)));
        out.add(kept("instant", "year-9999-last-micro", Instant.parse("9999-12-31T23:59:59.999999Z")));
        out.add(kept("instant", "year-1", Instant.parse("0001-01-01T00:00:00Z")));
        out.add(kept("instant", "null", null));
        out.add(refused("instant", "max", Instant.MAX, YEAR));
        out.add(refused("instant", "min", Instant.MIN, YEAR));
        out.add(refusedRawBy("instant", "one-nano", Instant.ofEpochSecond(0, 1), FINER, DATABASE_ROUNDS));
        out.add(kept("span", "zero", Duration.ZERO));
        out.add(kept("span", "minus-one-second", Duration.ofSeconds(-1)));
        out.add(kept("span", "one-micro", Duration.ofNanos(1_000)));
        out.add(kept("span", "838-hours", Duration.ofHours(838).plusMinutes(59).plusSeconds(59)));
        out.add(kept("span", "null", null));
        out.add(by("span", "839-hours", Duration.ofHours(839), REFUSED_ON_MARIADB, "longer than"));
        out.add(by("span", "ten-thousand-years", Duration.ofDays(3_652_425), REFUSED_ON_MARIADB, "longer than"));
        out.add(refusedRawBy("span", "one-nano", Duration.ofNanos(1), FINER, DATABASE_ROUNDS));
        out.add(refused("span", "max", Duration.ofSeconds(Long.MAX_VALUE, 999_999_000), "longer than"));
        out.add(mapRefused("onDay", "string", "2026-01-01", "not a java.time.LocalDate"));
        out.add(mapRefused("instant", "local-date-time", LocalDateTime.of(2026, 1, 1, 0, 0),
                "not a java.time.Instant"));
        return out;
    }

    // ---------------------------------------------------------------- the rest

    static List<Case> others() {
        List<Case> out = new ArrayList<>();
        out.add(kept("uuid", "nil", new UUID(0, 0)));
        out.add(kept("uuid", "max", new UUID(-1, -1)));
        out.add(kept("uuid", "min-max", new UUID(Long.MIN_VALUE, Long.MAX_VALUE)));
        out.add(kept("uuid", "random", UUID.fromString("6f1c1b7e-3a52-4c8e-9f55-0e7c2a1d9b10")));
        out.add(kept("uuid", "null", null));
        out.add(mapRefused("uuid", "not-a-uuid", "'; DROP TABLE hostile_values; --", "not a java.util.UUID"));
        out.add(mapRefused("uuid", "uuid-text", "6f1c1b7e-3a52-4c8e-9f55-0e7c2a1d9b10", "not a java.util.UUID"));
        out.add(kept("payload", "empty", new byte[0]));
        out.add(kept("payload", "nul", new byte[] {0}));
        out.add(kept("payload", "nuls", new byte[1_000]));
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        out.add(kept("payload", "every-byte", all));
        out.add(kept("payload", "invalid-utf8", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}));
        byte[] random = new byte[60_000];
        new Random(7).nextBytes(random);
        out.add(kept("payload", "sixty-thousand", random));
        byte[] big = new byte[100_000];
        new Random(11).nextBytes(big);
        out.add(by("payload", "hundred-thousand", big, REFUSED_ON_MARIADB, null));
        out.add(kept("payload", "null", null));
        out.add(mapRefused("payload", "string", "bytes", "not a byte[]"));
        out.add(kept("flag", "true", true));
        out.add(kept("flag", "false", false));
        out.add(kept("flag", "null", null));
        out.add(kept("pBool", "true", true));
        out.add(mapRefused("flag", "two", 2, "not a java.lang.Boolean"));
        out.add(mapRefused("flag", "string-true", "true", "not a java.lang.Boolean"));
        for (Mood m : Mood.values()) {
            out.add(kept("mood", m.name(), m));
        }
        out.add(kept("mood", "null", null));
        out.add(mapRefused("mood", "unknown-label", "SAD", "not a label of"));
        out.add(mapRefused("mood", "injection-label", "'; DROP TABLE hostile_values; --", "not a label of"));
        out.add(mapKept("mood", "label-string", "it's; DROP TABLE x--", Mood.QUOTED));
        return out;
    }

    /** Every case of the main table. */
    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        out.addAll(texts());
        out.addAll(integers());
        out.addAll(decimals());
        out.addAll(floats());
        out.addAll(times());
        out.addAll(others());
        return Collections.unmodifiableList(out);
    }

    // ---------------------------------------------------------------- PostgreSQL documents

    static List<Case> documents() {
        List<Case> out = new ArrayList<>();
        out.add(kept("doc", "nested-arrays-1000", "[".repeat(1_000) + "]".repeat(1_000)));
        out.add(kept("doc", "nested-objects-500", "{\"a\": ".repeat(500) + "1" + "}".repeat(500)));
        out.add(kept("doc", "hostile-keys", "{\"'; DROP TABLE x; --\": \"$1 ? @a\"}"));
        out.add(kept("doc", "escaped-nul-free", "{\"a\": \"\\\\u0000\"}"));
        out.add(kept("doc", "null-json", "null"));
        out.add(kept("doc", "null", null));
        out.add(refused("doc", "escaped-nul", "{\"a\": \"\\u0000\"}", null));
        out.add(refused("doc", "not-json", "{'a': 1", null));
        out.add(refused("doc", "nul", "\"\u0000\"", NUL));
        out.add(refused("doc", "lone-surrogate", "\"\uD800\"", SURROGATE));
        out.add(kept("labels", "empty", List.of()));
        out.add(kept("labels", "hostile-elements", List.of("", "NULL", "null", "a,b", "{x}", "\"q\"", "\\", "'",
                " ", "\uD83D\uDE00")));
        out.add(kept("labels", "null-element", Arrays.asList("a", null, "b")));
        out.add(kept("labels", "thousand", Collections.nCopies(1_000, "x")));
        out.add(refused("labels", "nul-element", List.of("a\u0000b"), NUL));
        out.add(refused("labels", "surrogate-element", List.of("\uDC00"), SURROGATE));
        return out;
    }

    private static Case refused(String field, String name, Object value, @Nullable String reason) {
        return new Case(name, field, value, REFUSED, reason, null, false, null);
    }
}
