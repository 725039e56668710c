package dev.r2orm.dialect.mysql;

import dev.r2orm.ConstraintDetails;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a violated constraint from a MySQL or MariaDB error message, the only place these servers name it. Parts that
 * quote the offending values ({@code Duplicate entry 'x'}) are skipped, never kept.
 *
 * <pre>
 * 1062  Duplicate entry 'x' for key 'uk_users_email'              (MySQL 8: 'users.uk_users_email')
 * 1451  Cannot delete or update a parent row: a foreign key constraint fails (`db`.`t`, CONSTRAINT `fk` FOREIGN KEY
 * 1452  Cannot add or update a child row: ...                         (`c`) REFERENCES `p` (`id`))
 * 4025  CONSTRAINT `chk` failed for `db`.`t`                      (MariaDB; a column check is `t.c`)
 * 3819  Check constraint 'chk' is violated.                       (MySQL 8)
 * 1048  Column 'name' cannot be null
 * 1364  Field 'name' doesn't have a default value
 * 1406  Data too long for column 'name' at row 1
 * 1264  Out of range value for column 'age' at row 1
 * 1292  Incorrect date value: '...' for column `db`.`t`.`day` at row 1
 * 1366  Incorrect integer value: '...' for column `db`.`t`.`age` at row 1
 * </pre>
 */
final class MySqlErrors {

    /** A backquoted name, with embedded backquotes doubled. */
    private static final String NAME = "`((?:[^`]|``)*)`";

    private static final Pattern FOREIGN_KEY = Pattern.compile("a foreign key constraint fails \\(" + NAME + "\\."
            + NAME + ", CONSTRAINT " + NAME + " FOREIGN KEY \\(((?:" + NAME + "(?:, )?)+)\\) REFERENCES ");
    private static final Pattern MARIADB_CHECK = Pattern.compile("^CONSTRAINT " + NAME + " failed for " + NAME
            + "\\." + NAME);
    private static final Pattern MYSQL_CHECK = Pattern.compile("^Check constraint '(.*)' is violated\\.?$");
    private static final Pattern NOT_NULL = Pattern.compile("^Column '(.*)' cannot be null$");
    private static final Pattern NO_DEFAULT = Pattern.compile("^Field '(.*)' doesn't have a default value$");
    private static final String FOR_KEY = "' for key '";
    private static final Pattern MISSING = Pattern.compile("^Unknown column '(.*)' in '");
    private static final String FOR_COLUMN = " for column ";
    private static final Pattern VALUE_COLUMN = Pattern.compile("^(?:'((?:[^']|'')*)'|(?:" + NAME + "\\.)*" + NAME
            + ") at row \\d+$");

    /** What the data errors say about their value, by code, without the value. */
    private static final java.util.Map<Integer, String> DATA_ERRORS = java.util.Map.ofEntries(
            java.util.Map.entry(1264, "numeric value out of range"),
            java.util.Map.entry(1265, "value truncated"),
            java.util.Map.entry(1292, "invalid date, time or number"),
            java.util.Map.entry(1300, "invalid character string"),
            java.util.Map.entry(1366, "value not convertible to the column's type"),
            java.util.Map.entry(1367, "invalid value"),
            java.util.Map.entry(1406, "value too long"),
            java.util.Map.entry(1416, "value not convertible to a geometry"),
            java.util.Map.entry(1690, "numeric value out of range"),
            java.util.Map.entry(3140, "invalid JSON text"),
            java.util.Map.entry(4038, "invalid JSON text"),
            java.util.Map.entry(4040, "JSON nested too deep"));

    private MySqlErrors() {
    }

    /**
     * The constraint, table and column of a constraint violation, read from the message.
     *
     * @param code the server's error code
     * @param message the driver's message
     * @return the details; {@link ConstraintDetails#NONE} when the message is not one of these forms
     */
    static ConstraintDetails details(int code, @Nullable String message) {
        if (message == null) {
            return ConstraintDetails.NONE;
        }
        String m = message.strip();
        switch (code) {
            case 1062:
            case 1586:
                return duplicate(m);
            case 1451:
            case 1452:
                return foreignKey(m);
            case 4025:
            case 3819:
                return check(m);
            case 1048:
                return column(NOT_NULL.matcher(m));
            case 1364:
                return column(NO_DEFAULT.matcher(m));
            default:
                return ConstraintDetails.NONE;
        }
    }

    /**
     * What a data error says about its value, without the value.
     *
     * @param code the server's error code
     * @return the description, or null when the code is not a data error
     */
    static @Nullable String dataError(int code) {
        return DATA_ERRORS.get(code);
    }

    /**
     * The column of a data error, named after its last {@code for column}: {@code 'name'} or {@code `db`.`t`.`name`},
     * then {@code at row n}. The value quoted before it may hold anything, so the name is read from the end.
     *
     * @param message the driver's message
     * @return the column, or null
     */
    static @Nullable String valueColumn(@Nullable String message) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        int at = m.lastIndexOf(FOR_COLUMN);
        if (at < 0) {
            return null;
        }
        Matcher v = VALUE_COLUMN.matcher(m.substring(at + FOR_COLUMN.length()));
        if (!v.matches()) {
            return null;
        }
        if (v.group(1) != null) {
            return v.group(1).replace("''", "'");
        }
        return unquote(v.group(v.groupCount()));
    }

    /**
     * The column of an unknown-column error (1054): {@code Unknown column 'fa.film_id' in 'ON'} gives {@code film_id}.
     *
     * @param message the driver's message
     * @return the column, or null
     */
    static @Nullable String missingColumn(@Nullable String message) {
        Matcher m = message == null ? null : MISSING.matcher(message);
        if (m == null || !m.find()) {
            return null;
        }
        String name = m.group(1);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The key name follows the last {@code ' for key '}: the value before it may hold anything. */
    private static ConstraintDetails duplicate(String m) {
        int at = m.lastIndexOf(FOR_KEY);
        if (!m.startsWith("Duplicate entry '") || at < 0 || !m.endsWith("'")) {
            return ConstraintDetails.NONE;
        }
        String key = m.substring(at + FOR_KEY.length(), m.length() - 1);
        int dot = key.indexOf('.');
        // MySQL 8.0.19+ writes table.key; a key name with a dot is not told apart from it
        return dot > 0 ? new ConstraintDetails(key.substring(dot + 1), key.substring(0, dot), null)
                : new ConstraintDetails(key, null, null);
    }

    private static ConstraintDetails foreignKey(String m) {
        Matcher f = FOREIGN_KEY.matcher(m);
        if (!f.find()) {
            return ConstraintDetails.NONE;
        }
        Matcher columns = Pattern.compile(NAME).matcher(f.group(4));
        String column = null;
        int count = 0;
        while (columns.find()) {
            column = unquote(columns.group(1));
            count++;
        }
        return new ConstraintDetails(unquote(f.group(3)), unquote(f.group(2)), count == 1 ? column : null);
    }

    private static ConstraintDetails check(String m) {
        Matcher mariaDb = MARIADB_CHECK.matcher(m);
        if (mariaDb.find()) {
            String name = unquote(mariaDb.group(1));
            String table = unquote(mariaDb.group(3));
            // a column-level check is named after its column and reported as table.column
            if (name.startsWith(table + ".") && name.length() > table.length() + 1) {
                String column = name.substring(table.length() + 1);
                return new ConstraintDetails(column, table, column);
            }
            return new ConstraintDetails(name, table, null);
        }
        Matcher mysql = MYSQL_CHECK.matcher(m);
        return mysql.find() ? new ConstraintDetails(mysql.group(1), null, null) : ConstraintDetails.NONE;
    }

    private static ConstraintDetails column(Matcher m) {
        return m.find() ? new ConstraintDetails(null, null, m.group(1)) : ConstraintDetails.NONE;
    }

    private static String unquote(String name) {
        return name.replace("``", "`");
    }
}
