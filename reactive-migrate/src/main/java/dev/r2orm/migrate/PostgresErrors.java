package dev.r2orm.migrate;

import io.r2dbc.postgresql.api.PostgresqlException;

/**
 * Where in a file PostgreSQL says an error is: its error position, a character offset into the query, turned into a
 * line of the file. Loaded only for PostgreSQL, whose driver is then on the class path.
 */
final class PostgresErrors {

    private PostgresErrors() {
    }

    /**
     * The line an error points at.
     *
     * @param error the error, with the driver's exception somewhere in its causes
     * @param text the query that failed
     * @return {@code " at line N"}, or empty when the server gave no position
     */
    static String at(Throwable error, String text) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PostgresqlException pg) {
                return pg.getErrorDetails().getPosition().map(p -> line(text, p)).orElse("");
            }
        }
        return "";
    }

    private static String line(String text, String position) {
        try {
            int offset = Math.min(Integer.parseInt(position.trim()) - 1, text.length());
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return " at line " + line;
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
