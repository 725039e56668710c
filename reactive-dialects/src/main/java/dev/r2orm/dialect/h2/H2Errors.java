package dev.r2orm.dialect.h2;

import dev.r2orm.ConstraintDetails;
import dev.r2orm.dialect.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a violated constraint from an H2 error message, the only place H2 names it. The quoted part after the colon is
 * parsed as H2 writes it (names quoted only when they need it, schema-qualified); the values that follow are never
 * read.
 *
 * <pre>
 * 23505  Unique index or primary key violation: "PUBLIC.UK_T_C INDEX PUBLIC.UK_T_C_INDEX_1 ON PUBLIC.T(C NULLS FIRST) VALUES ..."
 *                                               "PUBLIC.IDX ON PUBLIC.T(C NULLS FIRST) VALUES ..."      (a unique index)
 *                                               "PUBLIC.CONSTRAINT_9 PRIMARY KEY ON PUBLIC.T(ID) (...)"
 * 23503  Referential integrity constraint violation: "FK: PUBLIC.T FOREIGN KEY(C) REFERENCES PUBLIC.P(ID) (...)"
 * 23513  Check constraint violation: "CHK: ..."
 * 23502  NULL not allowed for column "C"
 * 22001  Value too long for column "C CHARACTER VARYING(50)": "'...' (51)"
 * 22003  Numeric value out of range: "..." in column "C"                     (22004 in H2 2.x)
 * 22018  Data conversion error converting "'...' (T: ""C"" UUID)"
 * </pre>
 */
final class H2Errors {

    private H2Errors() {
    }

    /**
     * The constraint, table and column of a constraint violation, read from the message.
     *
     * @param kind the error's kind
     * @param message the driver's message
     * @return the details; {@link ConstraintDetails#NONE} when the message is not one of these forms
     */
    static ConstraintDetails details(ErrorKind kind, @Nullable String message) {
        if (message == null || !kind.isConstraint()) {
            return ConstraintDetails.NONE;
        }
        String quoted = quoted(message);
        if (quoted == null) {
            return ConstraintDetails.NONE;
        }
        try {
            switch (kind) {
                case DUPLICATE_KEY:
                    return unique(new Reader(quoted));
                case FOREIGN_KEY:
                    return foreignKey(new Reader(quoted));
                case CHECK:
                    int colon = quoted.indexOf(": ");
                    return colon > 0 ? new ConstraintDetails(last(new Reader(quoted.substring(0, colon)).path()),
                            null, null) : ConstraintDetails.NONE;
                case NOT_NULL:
                    return message.startsWith("NULL not allowed for column ")
                            ? new ConstraintDetails(null, null, quoted) : ConstraintDetails.NONE;
                default:
                    return ConstraintDetails.NONE;
            }
        } catch (IllegalArgumentException e) {
            return ConstraintDetails.NONE; // a form this parser does not know
        }
    }

    /**
     * The column of a data error (class 22), for the forms above; the values they quote are skipped, never kept.
     *
     * @param message the driver's message
     * @return the column, or null when the message names none
     */
    static @Nullable String valueColumn(@Nullable String message) {
        if (message == null) {
            return null;
        }
        int end = message.lastIndexOf("; SQL statement:");
        String m = end < 0 ? message : message.substring(0, end);
        try {
            if (m.startsWith("Value too long for column \"")) {
                String quoted = quoted(m);
                return quoted == null ? null : new Reader(quoted).name();
            }
            int in = m.lastIndexOf(" in column \"");
            if (in >= 0) {
                return quoted(m.substring(in));
            }
            if (m.startsWith("Data conversion error converting \"")) {
                String quoted = quoted(m);
                int open = quoted == null ? -1 : quoted.lastIndexOf(" (");
                int colon = open < 0 ? -1 : quoted.indexOf(": ", open);
                if (colon > 0 && quoted.endsWith(")")) {
                    return new Reader(quoted.substring(colon + 2)).name();
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // a form this parser does not know
        }
        return null;
    }

    /**
     * The column of a column-not-found error (42S22): {@code Column "FA.FILM_ID" not found} gives {@code FILM_ID}.
     *
     * @param message the driver's message
     * @return the column, or null
     */
    static @Nullable String missingColumn(@Nullable String message) {
        String quoted = message == null || !message.startsWith("Column \"") ? null : quoted(message);
        return quoted == null ? null : ErrorKind.unqualified(quoted, '"');
    }

    /** {@code NAME [INDEX IDX | PRIMARY KEY] ON TABLE(COL [NULLS FIRST], ...)}. */
    private static ConstraintDetails unique(Reader r) {
        String name = last(r.path());
        if (r.word("INDEX")) {
            r.path();
        } else if (r.word("PRIMARY")) {
            r.expect("KEY");
        }
        r.expect("ON");
        String table = last(r.path());
        return new ConstraintDetails(name, table, r.singleColumn());
    }

    /** {@code FK: TABLE FOREIGN KEY(COL, ...) REFERENCES ...}. */
    private static ConstraintDetails foreignKey(Reader r) {
        String name = last(r.path());
        r.expect(":");
        String table = last(r.path());
        r.expect("FOREIGN");
        r.expect("KEY");
        return new ConstraintDetails(name, table, r.singleColumn());
    }

    /**
     * The text between the first double quote of the message and the quote that closes it, with doubled quotes made
     * single.
     */
    static @Nullable String quoted(String message) {
        int start = message.indexOf('"');
        if (start < 0) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = start + 1; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '"') {
                if (i + 1 < message.length() && message.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        return null;
    }

    private static String last(List<String> path) {
        return path.get(path.size() - 1);
    }

    /** Reads names (plain, or double-quoted with doubled quotes) and words from the quoted part. */
    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        private void spaces() {
            while (at < s.length() && s.charAt(at) == ' ') {
                at++;
            }
        }

        /** A name, plain or quoted. */
        String name() {
            spaces();
            if (at < s.length() && s.charAt(at) == '"') {
                StringBuilder out = new StringBuilder();
                for (at++; at < s.length(); at++) {
                    char c = s.charAt(at);
                    if (c == '"') {
                        if (at + 1 < s.length() && s.charAt(at + 1) == '"') {
                            out.append('"');
                            at++;
                        } else {
                            at++;
                            return out.toString();
                        }
                    } else {
                        out.append(c);
                    }
                }
                throw new IllegalArgumentException("unclosed name");
            }
            int start = at;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_'
                    || s.charAt(at) == '$')) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("no name at " + start);
            }
            return s.substring(start, at);
        }

        /** {@code schema.name} or {@code name}. */
        List<String> path() {
            List<String> parts = new ArrayList<>();
            parts.add(name());
            while (at < s.length() && s.charAt(at) == '.') {
                at++;
                parts.add(name());
            }
            return parts;
        }

        /** Consumes a word or a punctuation mark when it comes next. */
        boolean word(String w) {
            spaces();
            boolean letters = Character.isLetter(w.charAt(0));
            int end = at + w.length();
            if (s.startsWith(w, at) && (!letters || end == s.length() || !Character.isLetterOrDigit(s.charAt(end)))) {
                at = end;
                return true;
            }
            return false;
        }

        void expect(String w) {
            if (!word(w)) {
                throw new IllegalArgumentException("expected " + w + " at " + at);
            }
        }

        /** {@code (COL [NULLS FIRST])} gives COL; a list of several columns gives null. */
        @Nullable String singleColumn() {
            expect("(");
            String column = name();
            while (word("NULLS") || word("FIRST") || word("LAST") || word("ASC") || word("DESC")) {
                // sort options of an index column
            }
            return word(")") ? column : null;
        }
    }
}
