package dev.r2orm.dialect;

import dev.r2orm.CheckViolationException;
import dev.r2orm.ConstraintDetails;
import dev.r2orm.ConstraintViolationException;
import dev.r2orm.DeadlockException;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.InvalidValueException;
import dev.r2orm.NotNullViolationException;
import dev.r2orm.R2ormException;
import dev.r2orm.ReadOnlyTransactionException;
import dev.r2orm.SerializationFailureException;
import dev.r2orm.UndefinedColumnException;
import dev.r2orm.clause.Sql;
import io.r2dbc.spi.R2dbcException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of driver error a dialect tells apart; {@link #toException} builds r2orm's exception for one, with a
 * message of the form "what failed; SQL [...]; code" and the driver's error as the cause.
 */
public enum ErrorKind {
    /** A unique or primary key constraint. */
    DUPLICATE_KEY("duplicate key"),
    /** A foreign key constraint. */
    FOREIGN_KEY("foreign key violation"),
    /** A check constraint. */
    CHECK("check constraint violation"),
    /** NULL into a NOT NULL column. */
    NOT_NULL("null value in a NOT NULL column"),
    /** Another constraint. */
    CONSTRAINT("constraint violation"),
    /** A serialization failure (retryable). */
    SERIALIZATION("serialization failure"),
    /** A deadlock (retryable). */
    DEADLOCK("deadlock"),
    /** A column the table does not have. */
    UNDEFINED_COLUMN("undefined column"),
    /** A write in a read-only transaction (SQLSTATE 25006). */
    READ_ONLY("write in a read-only transaction"),
    /** A value the column cannot hold (SQLSTATE class 22: too long, out of range, a bad date, a bad character). */
    INVALID_VALUE("invalid value"),
    /** Anything else. */
    OTHER("statement failed");

    private static final int MAX_SQL = 1_000;

    /** What the standard's data exceptions (SQLSTATE class 22) and PostgreSQL's own say, without their values. */
    private static final Map<String, String> DATA_ERRORS = Map.ofEntries(
            Map.entry("22001", "value too long"),
            Map.entry("22003", "numeric value out of range"),
            Map.entry("22007", "invalid date or time format"),
            Map.entry("22008", "date or time out of range"),
            Map.entry("22009", "time zone offset out of range"),
            Map.entry("22012", "division by zero"),
            Map.entry("22015", "interval out of range"),
            Map.entry("22018", "value not convertible to the column's type"),
            Map.entry("22021", "character not valid in the database's encoding"),
            Map.entry("22023", "invalid parameter value"),
            Map.entry("22P01", "floating-point exception"),
            Map.entry("22P02", "invalid text representation"),
            Map.entry("22P05", "character the database cannot store"));

    private final String description;

    ErrorKind(String description) {
        this.description = description;
    }

    /**
     * Whether errors of this kind become a {@link ConstraintViolationException}.
     *
     * @return true for the constraint kinds
     */
    public boolean isConstraint() {
        return this == DUPLICATE_KEY || this == FOREIGN_KEY || this == CHECK || this == NOT_NULL || this == CONSTRAINT;
    }

    /**
     * Classifies a driver error by its SQLSTATE: the dialect's table first, then any other class-23 state as a
     * constraint violation, any class-22 state as an invalid value, 25006 as a write in a read-only transaction, else
     * {@link #OTHER}.
     *
     * @param error the driver's error
     * @param states the dialect's SQLSTATE table
     * @return the kind
     */
    public static ErrorKind ofSqlState(Throwable error, Map<String, ErrorKind> states) {
        String state = error instanceof R2dbcException ? ((R2dbcException) error).getSqlState() : null;
        if (state == null) {
            return OTHER;
        }
        ErrorKind kind = states.get(state);
        if (kind != null) {
            return kind;
        }
        return state.startsWith("23") ? CONSTRAINT : state.startsWith("22") ? INVALID_VALUE
                : "25006".equals(state) ? READ_ONLY : OTHER;
    }

    /**
     * What a data exception says about its value, by SQLSTATE: {@code value too long} for 22001, {@code numeric
     * value out of range} for 22003, ...; never the value itself.
     *
     * @param sqlState the SQLSTATE, or null
     * @return the description; {@code data exception} for a state not in the standard's list
     */
    public static String dataError(@Nullable String sqlState) {
        String known = sqlState == null ? null : DATA_ERRORS.get(sqlState);
        return known != null ? known : "data exception";
    }

    /**
     * Builds the {@link InvalidValueException} of a data error: {@code invalid value for column name: value too long;
     * SQL [...]; SQLSTATE 22001, code 0}. The driver's message, which often quotes the value, is left out; the cause
     * keeps it.
     *
     * @param error the driver's error
     * @param sql the SQL that failed
     * @param column the column the database named, or null
     * @param reason what is wrong, without the value ({@link #dataError(String)})
     * @return the exception
     */
    public static InvalidValueException invalidValue(Throwable error, String sql, @Nullable String column,
            String reason) {
        String where = column == null ? "" : " for column " + column;
        return new InvalidValueException(INVALID_VALUE.description + where + ": " + reason + "; SQL ["
                + Sql.abbreviate(sql, MAX_SQL) + "]" + code(error), error, null, column);
    }

    private static String code(Throwable error) {
        if (error instanceof R2dbcException) {
            R2dbcException r = (R2dbcException) error;
            return "; SQLSTATE " + r.getSqlState() + ", code " + r.getErrorCode();
        }
        return "";
    }

    /**
     * The last part of a qualified name as a database message writes it: {@code film_id} of {@code fa.film_id} or of
     * {@code "fa"."film_id"}, with doubled quote characters made single.
     *
     * @param qualified the name, parts separated by dots outside quotes
     * @param quote the quote character of the database's messages
     * @return the last part, unquoted
     */
    public static String unqualified(String qualified, char quote) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (c == quote) {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                start = i + 1;
            }
        }
        String last = qualified.substring(start);
        String q = String.valueOf(quote);
        if (last.length() >= 2 && last.startsWith(q) && last.endsWith(q)) {
            last = last.substring(1, last.length() - 1).replace(q + q, q);
        }
        return last;
    }

    /**
     * Builds the exception of this kind. Constraint messages leave out the driver's message, which may quote the
     * offending values; the cause keeps it.
     *
     * @param error the driver's error
     * @param sql the SQL that failed
     * @return the exception
     */
    public R2ormException toException(Throwable error, String sql) {
        return toException(error, sql, ConstraintDetails.NONE);
    }

    /**
     * Builds the exception of this kind with what the database said about a violated constraint, which a
     * constraint exception carries ({@link ConstraintViolationException#constraint()}) and its message names:
     * {@code duplicate key (constraint uk_users_email, table users); SQL [...]; SQLSTATE 23505, code 0}. Constraint
     * messages leave out the driver's message, which may quote the offending values; the cause keeps it.
     *
     * @param error the driver's error
     * @param sql the SQL that failed
     * @param details the constraint, table and column; {@link ConstraintDetails#NONE} when unknown; for
     *     {@link #UNDEFINED_COLUMN}, the missing column; for {@link #INVALID_VALUE}, the column of the value
     * @return the exception
     */
    public R2ormException toException(Throwable error, String sql, ConstraintDetails details) {
        if (this == INVALID_VALUE) {
            String state = error instanceof R2dbcException ? ((R2dbcException) error).getSqlState() : null;
            return invalidValue(error, sql, details.column(), dataError(state));
        }
        String code = code(error);
        String what = isConstraint() ? description + details.describe() : description;
        String message = what + "; SQL [" + Sql.abbreviate(sql, MAX_SQL) + "]" + code;
        switch (this) {
            case DUPLICATE_KEY:
                return new DuplicatedKeyException(message, error, details);
            case FOREIGN_KEY:
                return new ForeignKeyViolationException(message, error, details);
            case CHECK:
                return new CheckViolationException(message, error, details);
            case NOT_NULL:
                return new NotNullViolationException(message, error, details);
            case CONSTRAINT:
                return new ConstraintViolationException(message, error, details);
            case SERIALIZATION:
                return new SerializationFailureException(message + "; " + error.getMessage(), error);
            case DEADLOCK:
                return new DeadlockException(message + "; " + error.getMessage(), error);
            case READ_ONLY:
                return new ReadOnlyTransactionException(message, error);
            case UNDEFINED_COLUMN:
                return new UndefinedColumnException(message + "; " + error.getMessage(), error, details.column());
            default:
                return new R2ormException(message + "; " + error.getMessage(), error);
        }
    }
}
