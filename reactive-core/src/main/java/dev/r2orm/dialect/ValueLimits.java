package dev.r2orm.dialect;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a database can store, beyond a column's declared size, precision and scale: r2orm refuses a model value outside
 * these limits with an {@link dev.r2orm.InvalidValueException} before any SQL is sent, rather than let the database
 * refuse it, round it or change it ({@link Dialect#valueLimits()}).
 *
 * <pre>{@code
 * new ValueLimits(false, true, true, -4712, 294275, Duration.ofDays(178_000_000L * 365), true)   // PostgreSQL
 * new ValueLimits(true, false, false, 1, 9999,
 *         Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusNanos(999_999_000), false)   // MySQL, MariaDB
 * }</pre>
 *
 * @param nulInText whether text columns keep the NUL character (U+0000); PostgreSQL's do not
 * @param nonFiniteFloats whether floating-point columns keep NaN and the infinities; MySQL's and MariaDB's do not
 * @param negativeZero whether floating-point columns keep the sign of a negative zero; H2's, MySQL's and MariaDB's
 *     store zero
 * @param minYear the first year (proleptic, year 0 being 1 BC) dates and timestamps hold
 * @param maxYear the last year dates and timestamps hold
 * @param maxDuration the longest {@link Duration} (either sign) the column of a duration holds, or null when every
 *     {@code Duration} of whole microseconds fits
 * @param infiniteTimes whether the {@code MIN} and {@code MAX} of {@code LocalDate}, {@code LocalDateTime} and
 *     {@code OffsetDateTime} are stored (as {@code -infinity} and {@code infinity} on PostgreSQL) and read back as
 *     themselves, outside the range of years
 */
public record ValueLimits(boolean nulInText, boolean nonFiniteFloats, boolean negativeZero, int minYear, int maxYear,
        @Nullable Duration maxDuration, boolean infiniteTimes) {

    /**
     * Limits that refuse nothing the SQL standard's types hold: NUL, NaN, infinities and negative zero kept, years 1
     * to 9999, any duration, no infinite times.
     */
    public static final ValueLimits STANDARD = new ValueLimits(true, true, true, 1, 9999, null, false);

    /**
     * Checks the range of years.
     *
     * @throws IllegalArgumentException when {@code minYear > maxYear} or {@code maxDuration} is negative
     */
    public ValueLimits {
        if (minYear > maxYear) {
            throw new IllegalArgumentException("minYear " + minYear + " is after maxYear " + maxYear);
        }
        if (maxDuration != null && maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxDuration must not be negative");
        }
    }
}
