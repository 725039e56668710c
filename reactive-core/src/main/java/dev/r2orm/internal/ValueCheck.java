package dev.r2orm.internal;

import dev.r2orm.InvalidValueException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.FieldValue;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.ValueLimits;
import dev.r2orm.schema.EnumLabels;
import dev.r2orm.schema.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one field's column can hold, worked out once per field and statement from the field's stored type, its declared
 * size, precision and scale, and the dialect's {@link ValueLimits}. {@link #check} refuses a value the database would
 * refuse, round or change, with an {@link InvalidValueException} naming the field and the column but never the value:
 *
 * <pre>
 * invalid value for field name (column name): 51 characters, longer than the field's size 50
 * </pre>
 *
 * <p>{@link #checkParameters} is the net under every statement, raw ones included, where no field is known: an
 * unpaired surrogate, NUL where text cannot keep it, more bind values than one statement may carry.
 */
public final class ValueCheck {

    private enum Kind {
        TEXT, INTEGER, DECIMAL, FLOAT, DOUBLE, DATE, TIME, DATE_TIME, OFFSET_DATE_TIME, INSTANT, DURATION, BOOLEAN,
        UUID, BYTES, ENUM, TEXT_ARRAY, OTHER
    }

    private static final Instant FIRST = LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
    private static final Instant LAST = LocalDateTime.MAX.toInstant(ZoneOffset.UTC);

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Per dialect's limits, the seconds of {@link #firstSecond} and {@link #afterLastSecond}. */
    private static final java.util.Map<ValueLimits, long[]> YEAR_SECONDS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long[] NO_SECONDS = {Long.MIN_VALUE, Long.MIN_VALUE};

    private static final ValueCheck NONE = new ValueCheck(null, Kind.OTHER, ValueLimits.STANDARD, null, null, null);

    private final @Nullable Field field;
    private final Kind kind;
    private final ValueLimits limits;
    private final @Nullable BigDecimal min;
    private final @Nullable BigDecimal max;
    private final @Nullable List<String> labels;
    /** {@link #min} and {@link #max} as longs, when an INTEGER check has both and they fit; else the widest range. */
    private final long minLong;
    private final long maxLong;
    private final boolean longRange;
    /**
     * The first second of {@link ValueLimits#minYear()} and of the year after {@link ValueLimits#maxYear()}, UTC, within
     * the instants a date-time can hold, for the kinds that check instants; an empty range otherwise.
     */
    private final long firstSecond;
    private final long afterLastSecond;

    private ValueCheck(@Nullable Field field, Kind kind, ValueLimits limits, @Nullable BigDecimal min,
            @Nullable BigDecimal max, @Nullable List<String> labels) {
        this.field = field;
        this.kind = kind;
        this.limits = limits;
        this.min = min;
        this.max = max;
        this.labels = labels;
        this.longRange = kind == Kind.INTEGER && min != null && max != null && fitsLong(min) && fitsLong(max);
        this.minLong = longRange ? min.longValue() : Long.MIN_VALUE;
        this.maxLong = longRange ? max.longValue() : Long.MAX_VALUE;
        long[] seconds = kind == Kind.INSTANT || kind == Kind.OFFSET_DATE_TIME || kind == Kind.OTHER
                ? YEAR_SECONDS.computeIfAbsent(limits, l -> new long[] {
                        Math.max(startOfYear(l.minYear()), FIRST.getEpochSecond()),
                        Math.min(l.maxYear() == Integer.MAX_VALUE ? Long.MAX_VALUE : startOfYear(l.maxYear() + 1),
                                LAST.getEpochSecond())})
                : NO_SECONDS;
        this.firstSecond = seconds[0];
        this.afterLastSecond = seconds[1];
    }

    private static boolean fitsLong(BigDecimal d) {
        return d.scale() <= 0 && d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0;
    }

    private static long startOfYear(int year) {
        if (year <= LocalDateTime.MIN.getYear()) {
            return Long.MIN_VALUE;
        }
        if (year > LocalDateTime.MAX.getYear()) {
            return Long.MAX_VALUE;
        }
        return LocalDateTime.of(year, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * The check of a field's values on a dialect.
     *
     * @param field the field
     * @param limits the dialect's limits
     * @return the check; one that accepts everything for a type it does not know
     */
    public static ValueCheck of(Field field, ValueLimits limits) {
        Class<?> t = field.storedType();
        if (field.arrayElement() != null) {
            return new ValueCheck(field, field.arrayElement() == String.class ? Kind.TEXT_ARRAY : Kind.OTHER, limits,
                    null, null, null);
        }
        Kind kind = kindOf(t);
        BigDecimal min = null;
        BigDecimal max = null;
        if (t == Byte.class) {
            min = BigDecimal.valueOf(Byte.MIN_VALUE);
            max = BigDecimal.valueOf(Byte.MAX_VALUE);
        } else if (t == Short.class) {
            min = BigDecimal.valueOf(Short.MIN_VALUE);
            max = BigDecimal.valueOf(Short.MAX_VALUE);
        } else if (t == Integer.class) {
            min = BigDecimal.valueOf(Integer.MIN_VALUE);
            max = BigDecimal.valueOf(Integer.MAX_VALUE);
        } else if (t == Long.class) {
            min = BigDecimal.valueOf(Long.MIN_VALUE);
            max = BigDecimal.valueOf(Long.MAX_VALUE);
        } else if (t == BigInteger.class && field.precision() > 0) {
            max = BigDecimal.TEN.pow(field.precision()).subtract(BigDecimal.ONE);
            min = max.negate();
        }
        List<String> labels = kind == Kind.ENUM ? EnumLabels.of(t).labels() : null;
        return new ValueCheck(field, kind, limits, min, max, labels);
    }

    private static Kind kindOf(Class<?> t) {
        if (t == String.class) {
            return Kind.TEXT;
        }
        if (t == Byte.class || t == Short.class || t == Integer.class || t == Long.class || t == BigInteger.class) {
            return Kind.INTEGER;
        }
        if (t == BigDecimal.class) {
            return Kind.DECIMAL;
        }
        if (t == Float.class) {
            return Kind.FLOAT;
        }
        if (t == Double.class) {
            return Kind.DOUBLE;
        }
        if (t == LocalDate.class) {
            return Kind.DATE;
        }
        if (t == LocalTime.class) {
            return Kind.TIME;
        }
        if (t == LocalDateTime.class) {
            return Kind.DATE_TIME;
        }
        if (t == OffsetDateTime.class) {
            return Kind.OFFSET_DATE_TIME;
        }
        if (t == Instant.class) {
            return Kind.INSTANT;
        }
        if (t == Duration.class) {
            return Kind.DURATION;
        }
        if (t == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (t == UUID.class) {
            return Kind.UUID;
        }
        if (t == byte[].class) {
            return Kind.BYTES;
        }
        return t.isEnum() ? Kind.ENUM : Kind.OTHER;
    }

    /**
     * The checks of a statement's fields, one per field, in order.
     *
     * @param fields the fields written
     * @param dialect the dialect
     * @return the checks
     */
    public static ValueCheck[] of(List<Field> fields, Dialect dialect) {
        ValueLimits limits = dialect.valueLimits();
        ValueCheck[] out = new ValueCheck[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of(fields.get(i), limits);
        }
        return out;
    }

    /** @return a check that accepts every value */
    public static ValueCheck none() {
        return NONE;
    }

    /**
     * Checks a value as its column stores it (after the field's converter); an expression other than a
     * {@link FieldValue} is the database's to evaluate and is not checked.
     *
     * @param value the value, or null
     * @throws InvalidValueException naming the field, the column and what is wrong, never the value
     */
    public void check(@Nullable Object value) {
        Object v = value instanceof FieldValue f ? f.value() : value;
        if (v == null || kind == Kind.OTHER || v instanceof dev.r2orm.clause.Expression) {
            return;
        }
        String wrong = problem(v);
        if (wrong != null) {
            Field f = Objects.requireNonNull(field);
            throw new InvalidValueException("invalid value for field " + f.name() + " (column " + f.column() + "): "
                    + wrong, null, f.name(), f.column());
        }
    }

    private @Nullable String problem(Object v) {
        Field f = Objects.requireNonNull(field);
        switch (kind) {
            case TEXT:
                if (!(v instanceof CharSequence)) {
                    return null;
                }
                String text = v.toString();
                String bad = text(text, limits);
                if (bad != null) {
                    return bad;
                }
                int size = f.size();
                if (size > 0 && text.length() > size) {
                    int chars = text.codePointCount(0, text.length());
                    if (chars > size) {
                        return chars + " characters, longer than the field's size " + size;
                    }
                }
                return null;
            case TEXT_ARRAY:
                Iterable<?> items = v instanceof Collection<?> c ? c
                        : v instanceof Object[] a ? Arrays.asList(a) : List.of();
                for (Object item : items) {
                    String wrongItem = item instanceof String s ? text(s, limits) : null;
                    if (wrongItem != null) {
                        return "an element holds " + wrongItem;
                    }
                }
                return null;
            case INTEGER:
            case DECIMAL:
                return number(v, f);
            case FLOAT:
            case DOUBLE:
                return floating(v);
            case DATE:
                if (!(v instanceof LocalDate d)) {
                    return notA(v, LocalDate.class);
                }
                return infinite(d.equals(LocalDate.MIN) || d.equals(LocalDate.MAX)) ? null : year(d.getYear());
            case TIME:
                return v instanceof LocalTime t ? micros(t.getNano()) : notA(v, LocalTime.class);
            case DATE_TIME:
                if (!(v instanceof LocalDateTime dt)) {
                    return notA(v, LocalDateTime.class);
                }
                if (infinite(dt.equals(LocalDateTime.MIN) || dt.equals(LocalDateTime.MAX))) {
                    return null;
                }
                return firstOf(year(dt.getYear()), micros(dt.getNano()));
            case OFFSET_DATE_TIME:
                if (!(v instanceof OffsetDateTime o)) {
                    return notA(v, OffsetDateTime.class);
                }
                if (infinite(o.equals(OffsetDateTime.MIN) || o.equals(OffsetDateTime.MAX))) {
                    return null;
                }
                return firstOf(year(o.getYear()), utcYear(o.toInstant()), micros(o.getNano()));
            case INSTANT:
                return v instanceof Instant i ? firstOf(utcYear(i), micros(i.getNano())) : notA(v, Instant.class);
            case DURATION:
                return v instanceof Duration d ? firstOf(duration(d), micros(d.getNano())) : notA(v, Duration.class);
            case BOOLEAN:
                return v instanceof Boolean ? null : notA(v, Boolean.class);
            case UUID:
                return v instanceof UUID ? null : notA(v, UUID.class);
            case BYTES:
                if (!(v instanceof byte[] b)) {
                    return notA(v, byte[].class);
                }
                return f.size() > 0 && b.length > f.size()
                        ? b.length + " bytes, longer than the field's size " + f.size() : null;
            case ENUM:
                if (f.storedType().isInstance(v)) {
                    return null;
                }
                if (v instanceof String s) {
                    return Objects.requireNonNull(labels).contains(s) ? null
                            : "a string that is not a label of " + f.storedType().getSimpleName();
                }
                return notA(v, f.storedType());
            default:
                return null;
        }
    }

    /** What is wrong with text for every column: an unpaired surrogate, or NUL where the database cannot keep it. */
    private static @Nullable String text(String s, ValueLimits limits) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "an unpaired surrogate at index " + i + ", which no Unicode encoding holds";
            }
            if (Character.isLowSurrogate(c)) {
                return "an unpaired surrogate at index " + i + ", which no Unicode encoding holds";
            }
            if (c == '\0' && !limits.nulInText()) {
                return "a NUL character (U+0000) at index " + i + ", text its encoding cannot hold";
            }
        }
        return null;
    }

    private @Nullable String number(Object v, Field f) {
        if (!(v instanceof Number n)) {
            return notANumber(v);
        }
        if (longRange && (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)) {
            long l = n.longValue(); // the common case, checked without a BigDecimal
            if (l >= minLong && l <= maxLong) {
                return null;
            }
        }
        String nonFinite = nonFinite(n);
        if (nonFinite != null) {
            return nonFinite;
        }
        BigDecimal d = exact(n);
        if (kind == Kind.INTEGER) {
            if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                return "not a whole number, for a field of type " + f.storedType().getSimpleName();
            }
            if (min != null && max != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
                return "out of the range of the field's type " + f.storedType().getSimpleName()
                        + (f.storedType() == BigInteger.class ? " with precision " + f.precision()
                        : " (" + min.toPlainString() + " to " + max.toPlainString() + ")");
            }
            return null;
        }
        if (f.precision() <= 0 || d.signum() == 0) {
            return null;
        }
        BigDecimal s = d.stripTrailingZeros();
        int places = Math.max(0, s.scale());
        if (places > f.scale()) {
            return places + " decimal places, more than the field's scale " + f.scale()
                    + " (the database would round it)";
        }
        int digits = s.precision() - s.scale();
        if (digits > f.precision() - f.scale()) {
            return digits + " digits before the decimal point, more than the " + (f.precision() - f.scale())
                    + " that the field's precision " + f.precision() + " and scale " + f.scale() + " allow";
        }
        return null;
    }

    private @Nullable String floating(Object v) {
        if (!(v instanceof Number n)) {
            return notANumber(v);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return limits.nonFiniteFloats() ? null : nonFinite(n) + ", which the database's floating-point"
                        + " columns do not hold";
            }
            if (d == 0 && 1 / d < 0 && !limits.negativeZero()) {
                return "negative zero, which the database's floating-point columns keep as zero";
            }
        }
        String type = kind == Kind.FLOAT ? "float" : "double";
        return exactly(n, kind == Kind.FLOAT) ? null : "not exactly a " + type + ": the column would keep a rounded"
                + " value";
    }

    /** Whether a number is exactly a float (or a double); NaN and the infinities are. */
    private static boolean exactly(Number n, boolean asFloat) {
        if (n instanceof Float || !asFloat && n instanceof Double) {
            return true;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d) && (n instanceof Double || n instanceof Float)) {
            return true;
        }
        double rounded = asFloat ? (float) d : d;
        return !Double.isInfinite(rounded) && new BigDecimal(rounded).compareTo(exact(n)) == 0;
    }

    private static @Nullable String nonFinite(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "not a number (NaN)";
            }
            if (Double.isInfinite(d)) {
                return "infinite";
            }
        }
        return null;
    }

    /** A number's exact decimal value; a floating-point number finite. */
    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static String notANumber(Object v) {
        return "a " + v.getClass().getTypeName() + ", not a number";
    }

    private static String notA(Object v, Class<?> type) {
        return "a " + v.getClass().getTypeName() + ", not a " + type.getTypeName();
    }

    private static @Nullable String micros(int nanos) {
        return nanos % 1_000 == 0 ? null : "a time finer than the microseconds the database keeps (it would round it)";
    }

    /**
     * What no column of the database holds: a date or timestamp outside its years (but for the infinities it keeps),
     * a duration beyond its longest. Finer than microseconds is left to the database here: conditions compare
     * {@code Instant.now()}, which may hold nanoseconds, with stored times.
     */
    private @Nullable String outOfRange(Object v) {
        if (v instanceof LocalDate d) {
            return infinite(d.equals(LocalDate.MIN) || d.equals(LocalDate.MAX)) ? null : year(d.getYear());
        }
        if (v instanceof LocalDateTime dt) {
            return infinite(dt.equals(LocalDateTime.MIN) || dt.equals(LocalDateTime.MAX)) ? null : year(dt.getYear());
        }
        if (v instanceof OffsetDateTime o) {
            return infinite(o.equals(OffsetDateTime.MIN) || o.equals(OffsetDateTime.MAX)) ? null
                    : firstOf(year(o.getYear()), utcYear(o.toInstant()));
        }
        if (v instanceof Instant i) {
            return utcYear(i);
        }
        return v instanceof Duration d ? duration(d) : null;
    }

    /** Whether a value is the MIN or MAX that the database stores as an infinity. */
    private boolean infinite(boolean minOrMax) {
        return minOrMax && limits.infiniteTimes();
    }

    private @Nullable String year(int year) {
        return year >= limits.minYear() && year <= limits.maxYear() ? null
                : "year " + year + ", outside the years " + limits.minYear() + " to " + limits.maxYear()
                        + " the database stores";
    }

    private @Nullable String utcYear(Instant i) {
        long second = i.getEpochSecond();
        if (second >= firstSecond && second < afterLastSecond) {
            return null; // within the years, found without a date
        }
        if (i.isBefore(FIRST) || i.isAfter(LAST)) {
            return year(i.isBefore(FIRST) ? Integer.MIN_VALUE : Integer.MAX_VALUE);
        }
        return year(i.atOffset(ZoneOffset.UTC).getYear());
    }

    private @Nullable String duration(Duration d) {
        Duration limit = limits.maxDuration();
        if (limit == null || d.compareTo(limit) <= 0 && d.compareTo(limit.negated()) >= 0) {
            return null;
        }
        return "a duration longer than the " + limit + " the database stores";
    }

    private static @Nullable String firstOf(@Nullable String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * A value given for a field by name ({@code attrs}, {@code assign}, a condition that builds the entity of
     * {@code firstOrInit}), as the field's own type: itself when it is of that type; a number of another type when it
     * converts exactly; an enum's label as its constant.
     *
     * @param field the field
     * @param value the value, or null
     * @return the value of the field's type, or null
     * @throws InvalidValueException naming the field and column when the value does not convert exactly
     */
    public static @Nullable Object asFieldValue(Field field, @Nullable Object value) {
        Class<?> t = field.boxedType();
        if (value == null || t.isInstance(value) || field.converter() != null) {
            return value;
        }
        String wrong;
        if (value instanceof Number n && (Number.class.isAssignableFrom(t))) {
            ValueCheck check = of(field, ValueLimits.STANDARD);
            wrong = check.kind == Kind.FLOAT || check.kind == Kind.DOUBLE ? check.floating(n) : check.number(n, field);
            if (wrong == null) {
                return convert(n, t);
            }
        } else if (value instanceof String label && t.isEnum()) {
            if (EnumLabels.of(t).labels().contains(label)) {
                return EnumLabels.of(t).parse(label);
            }
            wrong = "a string that is not a label of " + t.getSimpleName();
        } else {
            wrong = Number.class.isAssignableFrom(t) ? notANumber(value) : notA(value, t);
        }
        throw new InvalidValueException("invalid value for field " + field.name() + " (column " + field.column()
                + "): " + wrong, null, field.name(), field.column());
    }

    /** A number as another numeric type, known to convert exactly. */
    private static Object convert(Number n, Class<?> t) {
        if (t == Float.class) {
            return n.floatValue();
        }
        if (t == Double.class) {
            return n.doubleValue();
        }
        BigDecimal d = n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : exact(n);
        if (t == BigDecimal.class) {
            return d;
        }
        if (t == BigInteger.class) {
            return d.toBigIntegerExact();
        }
        long l = d.longValueExact();
        if (t == Byte.class) {
            return (byte) l;
        }
        if (t == Short.class) {
            return (short) l;
        }
        return t == Integer.class ? (Object) (int) l : (Object) l;
    }

    // ---------------------------------------------------------------- every statement

    /**
     * Checks the bound values of a statement, raw ones included, where no field is known: a string with an unpaired
     * surrogate (the drivers would send {@code ?} in its place) or, where the database's text cannot keep it, NUL; NaN
     * or an infinity where the database has none (MySQL's driver would write it into the SQL text as a name), a
     * negative zero where it would keep zero; a date,
     * timestamp or duration outside what the database holds in any column ({@link ValueLimits}); and the number of
     * values against the dialect's bind limit.
     *
     * @param binds the values
     * @param dialect the dialect
     * @throws InvalidValueException naming the parameter (from 1) and what is wrong, never the value
     * @throws UnsupportedByDialectException when the statement binds more values than the dialect allows
     */
    public static void checkParameters(List<@Nullable Object> binds, Dialect dialect) {
        if (binds.size() > dialect.maxBindValues()) {
            throw new UnsupportedByDialectException("the statement binds " + binds.size() + " values, more than the "
                    + dialect.maxBindValues() + " one " + dialect.name() + " statement may carry; split the values"
                    + " (an IN list, a batch) over several statements");
        }
        ValueLimits limits = dialect.valueLimits();
        ValueCheck net = null;
        for (int i = 0; i < binds.size(); i++) {
            Object v = binds.get(i);
            String wrong = null;
            if (v instanceof Temporal || v instanceof Duration) {
                net = net != null ? net : new ValueCheck(null, Kind.OTHER, limits, null, null, null);
                wrong = net.outOfRange(v);
            } else if (v instanceof String s) {
                wrong = text(s, limits);
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                String nonFinite = limits.nonFiniteFloats() ? null : nonFinite((Number) v);
                wrong = nonFinite != null ? nonFinite + ", which " + dialect.name() + " neither stores nor compares"
                        : d == 0 && 1 / d < 0 && !limits.negativeZero() ? "negative zero, which " + dialect.name()
                        + " keeps as zero" : null;
            } else if (v instanceof Object[] array) {
                for (Object item : array) {
                    wrong = item instanceof String s ? text(s, limits) : null;
                    if (wrong != null) {
                        wrong = "an element holds " + wrong;
                        break;
                    }
                }
            }
            if (wrong != null) {
                throw new InvalidValueException("invalid value for parameter " + (i + 1) + ": " + wrong, null, null,
                        null);
            }
        }
    }
}
