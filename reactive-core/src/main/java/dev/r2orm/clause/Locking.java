package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A row lock taken by a query, in the {@code "FOR"} slot after {@code LIMIT}; rendered by the dialect's
 * {@link dev.r2orm.dialect.Dialect#lock(SqlWriter, Locking)}. Only meaningful inside a transaction: the locks are held
 * until it ends.
 *
 * <pre>{@code
 * Locking.forUpdate()                     // FOR UPDATE
 * Locking.forUpdate().noWait()            // FOR UPDATE NOWAIT         fails at once when a row is locked
 * Locking.forUpdate().skipLocked()        // FOR UPDATE SKIP LOCKED    leaves locked rows out (MariaDB 10.6+)
 * Locking.forShare()                      // FOR SHARE                 LOCK IN SHARE MODE on MariaDB; none on H2
 * Locking.forShare().of("users")          // FOR SHARE OF "users"      PostgreSQL only
 * }</pre>
 *
 * <p>A form the database cannot run throws {@link dev.r2orm.UnsupportedByDialectException} when the statement is
 * rendered, naming the dialect and the form. Immutable; merging replaces an earlier lock.
 *
 * @param strength the lock taken on each row
 * @param options what to do when a row is already locked
 * @param tables the tables of a join whose rows are locked ({@code OF}), empty for all
 */
public record Locking(Strength strength, Wait options, List<String> tables) implements Clause {

    /** The lock taken on each row read. */
    public enum Strength {
        /** An exclusive lock: {@code FOR UPDATE}. */
        UPDATE,
        /** A shared lock, blocking writers only: {@code FOR SHARE} or {@code LOCK IN SHARE MODE}. */
        SHARE
    }

    /** What a query does when a row it would lock is locked by another transaction. */
    public enum Wait {
        /** Waits for the lock, up to the database's lock timeout; nothing is rendered. */
        WAIT,
        /** Fails at once: {@code NOWAIT}. */
        NOWAIT,
        /** Leaves the locked rows out of the result: {@code SKIP LOCKED}. */
        SKIP_LOCKED
    }

    /**
     * Creates the clause.
     *
     * @param strength the lock strength
     * @param options the wait behaviour
     * @param tables the tables to lock ({@code OF}), empty for all
     * @throws NullPointerException if an argument or a table name is null
     * @throws IllegalArgumentException if a table name is empty
     */
    public Locking {
        Objects.requireNonNull(strength, "strength must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(tables, "tables must not be null");
        for (String t : tables) {
            if (Objects.requireNonNull(t, "table must not be null").isEmpty()) {
                throw new IllegalArgumentException("a table name of FOR ... OF must not be empty");
            }
        }
        tables = List.copyOf(tables);
    }

    /**
     * An exclusive lock on every row read: {@code FOR UPDATE}.
     *
     * @return the clause
     */
    public static Locking forUpdate() {
        return new Locking(Strength.UPDATE, Wait.WAIT, List.of());
    }

    /**
     * A shared lock on every row read: {@code FOR SHARE} ({@code LOCK IN SHARE MODE} on MariaDB). H2 has none.
     *
     * @return the clause
     */
    public static Locking forShare() {
        return new Locking(Strength.SHARE, Wait.WAIT, List.of());
    }

    /**
     * The same lock, failing at once when a row is locked: {@code ... NOWAIT}.
     *
     * @return a new clause
     */
    public Locking noWait() {
        return new Locking(strength, Wait.NOWAIT, tables);
    }

    /**
     * The same lock, leaving locked rows out of the result: {@code ... SKIP LOCKED}.
     *
     * @return a new clause
     */
    public Locking skipLocked() {
        return new Locking(strength, Wait.SKIP_LOCKED, tables);
    }

    /**
     * The same lock, taken only on the rows of the given tables of a join: {@code FOR UPDATE OF "a","b"}.
     * PostgreSQL only; other dialects throw {@link dev.r2orm.UnsupportedByDialectException} when rendering.
     *
     * @param tables the table names (or aliases), replacing any given before
     * @return a new clause
     * @throws IllegalArgumentException if a name is empty
     */
    public Locking of(String... tables) {
        return new Locking(strength, options, new ArrayList<>(Arrays.asList(tables)));
    }

    @Override
    public String name() {
        return "FOR";
    }

    /**
     * Writes the lock through {@link dev.r2orm.dialect.Dialect#lock(SqlWriter, Locking)}.
     *
     * @param w the writer
     * @throws dev.r2orm.UnsupportedByDialectException if the dialect cannot take this lock
     */
    @Override
    public void build(SqlWriter w) {
        w.dialect().lock(w, this);
    }
}
