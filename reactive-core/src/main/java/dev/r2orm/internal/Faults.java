package dev.r2orm.internal;

import dev.r2orm.ConnectionLostException;
import dev.r2orm.ConnectionUnavailableException;
import dev.r2orm.R2ormException;
import dev.r2orm.StatementTimeoutException;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The one place where errors of the drivers, the pool and the network become r2orm's exceptions. A connection fault
 * (the connection could not be had, or broke under a statement) becomes {@link ConnectionUnavailableException} or
 * {@link ConnectionLostException}, which say whether running the work again is safe; any other driver error goes to
 * the dialect ({@link Dialect#translate}), and so does a value the database refused ({@link Dialect#isDataError}),
 * however the driver classed it. The original error is always the cause; messages carry the SQL, never the
 * bound values.
 */
public final class Faults {

    private static final int MAX_SQL = 1_000;
    private static final int MAX_DEPTH = 8;

    private Faults() {
    }

    /**
     * Translates an error met while getting a connection: nothing was sent.
     *
     * @param error the error of the pool, the driver or the network
     * @param acquireTimeout the bound of the wait, for the message
     * @return a {@link ConnectionUnavailableException}; an {@link R2ormException} is returned as it is
     */
    public static Throwable unavailable(Throwable error, Duration acquireTimeout) {
        if (error instanceof R2ormException) {
            return error;
        }
        String why = error instanceof TimeoutException || error instanceof io.r2dbc.spi.R2dbcTimeoutException
                ? "the pool is exhausted or the server does not answer"
                : "the server could not be reached or refused the connection";
        return new ConnectionUnavailableException("could not get a usable database connection within "
                + acquireTimeout + ": " + why + " (nothing was sent; safe to retry); last error: " + describe(error),
                error);
    }

    /**
     * Translates an error of a statement that was sent.
     *
     * @param error the error
     * @param sql the statement
     * @param dialect translates the database's own errors
     * @param mayCommit whether the statement could have taken effect on its own: a write outside a transaction, or a
     *     {@code COMMIT}
     * @return the translated error; an {@link R2ormException} or an error that is not the driver's is returned as it is
     */
    public static Throwable statement(Throwable error, String sql, Dialect dialect, boolean mayCommit) {
        if (error instanceof R2ormException) {
            return error;
        }
        if (error instanceof StackOverflowError) {
            // H2 parses in the caller's thread, recursively: a deeply nested statement exhausts the stack
            return new UnsupportedByDialectException(dialect.name() + " could not parse a statement nested"
                    + " this deeply (its parser ran out of stack); SQL [" + Sql.abbreviate(sql, MAX_SQL) + "]", error);
        }
        if (error instanceof R2dbcException r && dialect.isDataError(r)) {
            return dialect.translate(error, sql);
        }
        if (isServerTimeout(error, dialect)) {
            return new StatementTimeoutException("the database cancelled the statement for its statement timeout;"
                    + " SQL [" + Sql.abbreviate(sql, MAX_SQL) + "]", sql, null, false, error);
        }
        if (isConnectionFault(error, dialect)) {
            return lost(error, sql, mayCommit);
        }
        return error instanceof R2dbcException ? dialect.translate(error, sql) : error;
    }

    /**
     * A {@link ConnectionLostException} for a statement whose connection broke.
     *
     * @param error the cause
     * @param sql the statement
     * @param mayCommit whether the statement could have taken effect
     * @return the exception
     */
    public static ConnectionLostException lost(Throwable error, String sql, boolean mayCommit) {
        String outcome = mayCommit ? "it may or may not have taken effect: check before running it again"
                : "nothing was committed: safe to run the work again";
        return new ConnectionLostException("the database connection was lost during the statement; " + outcome
                + "; SQL [" + Sql.abbreviate(sql, MAX_SQL) + "]; " + describe(error), sql, mayCommit, error);
    }

    /**
     * The error of a statement (or {@code COMMIT}) of a transaction whose connection was lost under an earlier one:
     * it is not sent, and the server rolls the transaction back with the connection.
     *
     * @param sql the statement
     * @return the exception: nothing was committed, so running the whole transaction again is safe
     */
    public static ConnectionLostException lostBefore(String sql) {
        return new ConnectionLostException("the transaction's connection was lost under an earlier statement; this"
                + " one was not sent and the database rolls the transaction back: nothing was committed; SQL ["
                + Sql.abbreviate(sql, MAX_SQL) + "]", sql, false, null);
    }

    /**
     * The error of a statement that got no answer in time.
     *
     * @param sql the statement
     * @param timeout the timeout
     * @param mayCommit whether the statement could have taken effect
     * @return the exception
     */
    public static StatementTimeoutException timedOut(String sql, Duration timeout, boolean mayCommit) {
        String outcome = mayCommit ? "it may or may not have taken effect: check before running it again"
                : "nothing was committed";
        return new StatementTimeoutException("no answer from the database within the statement timeout of " + timeout
                + "; the connection was closed; " + outcome + "; SQL [" + Sql.abbreviate(sql, MAX_SQL) + "]", sql,
                timeout, mayCommit, null);
    }

    /**
     * Whether an error means the connection is broken or cannot be had: a resource error of R2DBC, an I/O error of
     * the network (anywhere in its causes), a connection SQLSTATE (class 08, PostgreSQL's 57P01-57P03), or one the
     * dialect knows ({@link Dialect#isConnectionError}); not the server's answer to the statement
     * ({@link Dialect#isStatementError}: a write in a read-only transaction, ...), which drivers raise as a resource
     * error too.
     *
     * @param error the error
     * @param dialect the dialect
     * @return whether it is a connection fault
     */
    public static boolean isConnectionFault(Throwable error, Dialect dialect) {
        Throwable e = error;
        for (int depth = 0; e != null && depth < MAX_DEPTH; depth++, e = e.getCause()) {
            if (e instanceof R2dbcException r && dialect.isStatementError(r)) {
                return false; // which the drivers raise as a resource error
            }
            if (e instanceof R2dbcNonTransientResourceException || e instanceof R2dbcTransientResourceException
                    || e instanceof IOException) {
                return true;
            }
            if (e instanceof R2dbcException r) {
                String state = r.getSqlState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03"))) {
                    return true;
                }
                if (dialect.isConnectionError(r)) {
                    return true;
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private static boolean isServerTimeout(Throwable error, Dialect dialect) {
        return error instanceof R2dbcException r && dialect.isStatementTimeout(r);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
        return Sql.abbreviate(text, MAX_SQL);
    }
}
