package dev.r2orm;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A write broke a constraint of the database (unique, foreign key, check, not null). Subclasses say which.
 *
 * <p>{@link #constraint()}, {@link #table()} and {@link #column()} name what the database reported, as its catalog
 * spells it (H2 upper-cases unquoted names: {@code UK_USERS_EMAIL}), without a schema; each is empty when the database
 * did not say it. PostgreSQL reports them as fields of its error; on MySQL, MariaDB and H2 they are read from the
 * message. A foreign key names its own table and column (the referencing side), also when deleting a parent fails.
 *
 * <pre>{@code
 * db.create(user).onErrorResume(DuplicatedKeyException.class,
 *         e -> e.constraint().filter("uk_users_email"::equalsIgnoreCase).isPresent()
 *                 ? Mono.error(new EmailTakenException()) : Mono.error(e))
 * }</pre>
 */
public class ConstraintViolationException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String constraint;
    private final @Nullable String table;
    private final @Nullable String column;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public ConstraintViolationException(String message) {
        this(message, null, ConstraintDetails.NONE);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     */
    public ConstraintViolationException(String message, @Nullable Throwable cause) {
        this(message, cause, ConstraintDetails.NONE);
    }

    /**
     * Creates the exception with its cause and what the database said about the constraint.
     *
     * @param message what failed
     * @param cause the underlying error, usually the driver's
     * @param details the constraint, table and column the database named
     */
    public ConstraintViolationException(String message, @Nullable Throwable cause, ConstraintDetails details) {
        super(message, cause);
        this.constraint = details.constraint();
        this.table = details.table();
        this.column = details.column();
    }

    /**
     * The name of the violated constraint (or unique index), as the database reported it.
     *
     * @return the name; empty when the database did not say it (PostgreSQL's NOT NULL, for example)
     */
    public Optional<String> constraint() {
        return Optional.ofNullable(constraint);
    }

    /**
     * The table of the violated constraint, without its schema.
     *
     * @return the table; empty when the database did not say it (H2's checks and NOT NULL, MySQL's NOT NULL)
     */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /**
     * The column of a constraint on one column: the NULL column, the foreign key column, the unique column.
     *
     * @return the column; empty for a constraint over several columns, a check, or when the database did not say it
     */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
