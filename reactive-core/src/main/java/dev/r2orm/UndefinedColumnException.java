package dev.r2orm;

import org.jspecify.annotations.Nullable;

/**
 * A statement named a column the table does not have (SQLSTATE 42703; 42S22 on MySQL, MariaDB and H2): the model and
 * the database disagree. The message carries the database's own message, which names the column. When the statement
 * belonged to an association whose column was guessed by convention, the caller gets an
 * {@link InvalidModelException} naming the guess and the annotation that overrides it, with this exception as the
 * cause.
 */
public class UndefinedColumnException extends R2ormException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public UndefinedColumnException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the database's message names a column, matched case-insensitively as a whole name (alone or after a
     * table: {@code film_id}, {@code film_actor.film_id}, {@code "FILM_ID"}).
     *
     * @param column the column name
     * @return whether the message names it
     */
    public boolean names(String column) {
        String message = getMessage();
        if (message == null || column.isEmpty()) {
            return false;
        }
        String m = message.toLowerCase(java.util.Locale.ROOT);
        String c = column.toLowerCase(java.util.Locale.ROOT);
        for (int at = m.indexOf(c); at >= 0; at = m.indexOf(c, at + 1)) {
            int end = at + c.length();
            if ((at == 0 || !isNameChar(m.charAt(at - 1))) && (end == m.length() || !isNameChar(m.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
    }
}
