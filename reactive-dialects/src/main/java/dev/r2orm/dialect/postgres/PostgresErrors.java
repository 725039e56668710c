package dev.r2orm.dialect.postgres;

import dev.r2orm.ConstraintDetails;
import dev.r2orm.dialect.ErrorKind;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a violated constraint from the fields of the server's error (constraint, table and column name), which
 * r2dbc-postgresql exposes through {@link PostgresqlException#getErrorDetails()}. The only class of the dialect that
 * touches the driver's error types, so the dialect loads without the driver.
 */
final class PostgresErrors {

    /** {@code Key (email)=(...)}: the column of a unique or foreign key, before the values (never read). */
    private static final Pattern KEY = Pattern.compile("^Key \\(([A-Za-z_][A-Za-z0-9_$]*)\\)=\\(");

    /** {@code column "x" does not exist}, {@code column t.x does not exist}, {@code column "x" of relation "t" ...}. */
    private static final Pattern MISSING = Pattern.compile("^column (.+?) (?:of relation .+ )?does not exist");

    private static final boolean DRIVER = present();

    private PostgresErrors() {
    }

    private static boolean present() {
        try {
            Class.forName("io.r2dbc.postgresql.api.PostgresqlException", false, PostgresErrors.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The constraint, table and column of a constraint violation, as the server reported them.
     *
     * @param kind the error's kind
     * @param error the driver's error
     * @return the details; {@link ConstraintDetails#NONE} for another driver or another kind of error
     */
    static ConstraintDetails details(ErrorKind kind, Throwable error) {
        if (!kind.isConstraint() || !DRIVER || !(error instanceof PostgresqlException)) {
            return ConstraintDetails.NONE;
        }
        ErrorDetails d = ((PostgresqlException) error).getErrorDetails();
        String column = d.getColumnName().orElse(null);
        if (column == null && (kind == ErrorKind.DUPLICATE_KEY || kind == ErrorKind.FOREIGN_KEY)) {
            column = keyColumn(d.getDetail().orElse(null), kind);
        }
        return new ConstraintDetails(d.getConstraintName().orElse(null), d.getTableName().orElse(null), column);
    }

    /**
     * The column the server's error names in its column field, which it fills for few errors besides constraints.
     *
     * @param error the driver's error
     * @return the column, or null
     */
    static @Nullable String column(Throwable error) {
        if (!DRIVER || !(error instanceof PostgresqlException)) {
            return null;
        }
        return ((PostgresqlException) error).getErrorDetails().getColumnName().orElse(null);
    }

    /**
     * The column of an undefined-column error (42703), read from the message.
     *
     * @param message the driver's message
     * @return the column, or null
     */
    static @Nullable String missingColumn(@Nullable String message) {
        Matcher m = message == null ? null : MISSING.matcher(message);
        return m != null && m.find() ? ErrorKind.unqualified(m.group(1), '"') : null;
    }

    /**
     * The single column of the key in the detail of a unique or foreign key violation. For a foreign key, only when the
     * detail is about the referencing row ({@code is not present in table}): a failed parent delete names the parent's
     * column, while the table field names the referencing table.
     */
    static @Nullable String keyColumn(@Nullable String detail, ErrorKind kind) {
        if (detail == null || (kind == ErrorKind.FOREIGN_KEY && !detail.contains(" is not present in table "))) {
            return null;
        }
        Matcher m = KEY.matcher(detail);
        return m.find() ? m.group(1) : null;
    }
}
