package dev.r2orm.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits the text of a migration file into the statements to run one at a time, as MariaDB and MySQL need: their DDL
 * commits itself, so a file runs statement by statement and a failure can name the statement.
 *
 * <p>A statement ends at the current delimiter ({@code ;} unless a {@code DELIMITER xx} line changed it), except
 * inside quoted strings and identifiers ({@code '...'}, {@code "..."}, {@code `...`}, with doubled quotes and backslash
 * escapes), line comments ({@code -- }, {@code #}), block comments, PostgreSQL dollar quotes ({@code $$...$$},
 * {@code $tag$...$tag$}), and the {@code BEGIN ... END} body of a {@code CREATE PROCEDURE}, {@code FUNCTION},
 * {@code TRIGGER} or {@code EVENT}. A statement's text runs from its first token to its last: comments around it are
 * dropped, comments inside it are kept, and MySQL's executable comments ({@code /*!...}) count as tokens.
 * The text is scanned once, character by character.
 */
final class SqlSplitter {

    /**
     * One statement of a file.
     *
     * @param sql its text, from its first token to its last, without the delimiter that ended it
     * @param index its 1-based position among the file's statements
     * @param line the 1-based line its first token is on
     */
    record Statement(String sql, int index, int line) {}

    private static final Set<String> ROUTINES = Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");
    /** Words that may come between CREATE and the routine keyword, besides a definer's user and host. */
    private static final Set<String> ROUTINE_PREFIXES =
            Set.of("OR", "REPLACE", "DEFINER", "AGGREGATE", "CONSTRAINT", "CURRENT_USER", "CURRENT_ROLE");
    /** Words after END that close a block opened by a word the depth does not count. */
    private static final Set<String> UNCOUNTED_ENDS = Set.of("IF", "LOOP", "WHILE", "REPEAT", "FOR");

    private final String text;
    private final int length;
    private final boolean postgres;
    private final List<Statement> statements = new ArrayList<>();
    private String delimiter = ";";
    private int pos;
    /** Where the pending statement's first token starts, or -1 before it has one. */
    private int start = -1;
    /** Just after the pending statement's last token. */
    private int end;
    /** The last character of the last token. */
    private char previous;
    /** Whether the pending statement began with CREATE and has not yet shown what it creates. */
    private boolean header;
    private boolean definer;
    /** Whether the pending statement creates a routine, trigger or event, so that its blocks are counted. */
    private boolean routine;
    private int depth;
    private int lineCountedTo;
    private int line = 1;

    private SqlSplitter(String text, boolean postgres) {
        this.text = text;
        this.length = text.length();
        this.postgres = postgres;
    }

    /**
     * Splits a file's text into its statements.
     *
     * @param text the file's text
     * @return the statements in file order, without those made only of comments and whitespace; empty when there is
     *     none
     */
    static List<Statement> split(String text) {
        return split(text, false);
    }

    /**
     * Splits a file's text into its statements, as the database reads them.
     *
     * @param text the file's text
     * @param postgres whether PostgreSQL reads it: a backslash is then an ordinary character in strings (except in
     *     {@code E'...'} strings) and {@code #} is an operator, not a comment
     * @return the statements in file order, without those made only of comments and whitespace
     */
    static List<Statement> split(String text, boolean postgres) {
        SqlSplitter splitter = new SqlSplitter(text, postgres);
        splitter.scan();
        return List.copyOf(splitter.statements);
    }

    /**
     * Tells whether a file's text holds no statement.
     *
     * @param text the file's text
     * @return true when the text is empty, whitespace, comments or {@code DELIMITER} lines only
     */
    static boolean isEmpty(String text) {
        return split(text).isEmpty();
    }

    private void scan() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (text.startsWith(delimiter, pos) && (depth == 0 || !delimiter.equals(";"))) {
                finish();
                pos += delimiter.length();
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && text.startsWith("--", pos)
                    && (pos + 2 == length || text.charAt(pos + 2) <= ' ')) {
                pos = lineEnd(pos);
            } else if (c == '#' && !postgres
                    && (pos == 0 || Character.isWhitespace(text.charAt(pos - 1)) || start < 0)) {
                pos = lineEnd(pos);
            } else if (c == '/' && text.startsWith("/*", pos)) {
                blockComment();
            } else if (c == '\'' || c == '"' || c == '`') {
                token(pos, quoteEnd(c));
            } else if (c == '$') {
                dollar();
            } else if (isWordPart(c)) {
                word();
            } else {
                token(pos, pos + 1);
            }
        }
        finish();
    }

    /** Ends the pending statement, keeping it if it has a token. */
    private void finish() {
        if (start >= 0) {
            String sql = text.substring(start, end).trim();
            statements.add(new Statement(sql, statements.size() + 1, lineOf(start)));
        }
        start = -1;
        header = false;
        definer = false;
        routine = false;
        depth = 0;
    }

    /** Takes {@code [from, to)} as a token of the pending statement and moves past it. */
    private void token(int from, int to) {
        if (start < 0) {
            start = from;
        }
        end = to;
        pos = to;
        previous = text.charAt(to - 1);
    }

    private void blockComment() {
        int close = text.indexOf("*/", pos + 2);
        int after = close < 0 ? length : close + 2;
        if (text.startsWith("/*!", pos) || text.startsWith("/*M!", pos)) {
            token(pos, after);
        } else {
            pos = after;
        }
    }

    /** Whether the quote at {@link #pos} opens a PostgreSQL {@code E'...'} string, where a backslash escapes. */
    private boolean isEscapeString() {
        return pos > 0 && Character.toUpperCase(text.charAt(pos - 1)) == 'E'
                && (pos == 1 || !isWordPart(text.charAt(pos - 2)));
    }

    /** Returns the index just after the quote that closes the one at {@link #pos}, or the text's length. */
    private int quoteEnd(char quote) {
        int i = pos + 1;
        boolean escapes = quote != '`' && (!postgres || quote == '\'' && isEscapeString());
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\\' && escapes) {
                i += 2;
            } else if (c != quote) {
                i++;
            } else if (i + 1 < length && text.charAt(i + 1) == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return length;
    }

    /** Takes a dollar-quoted body as one token, or {@code $1} and the like as a word. */
    private void dollar() {
        int i = pos + 1;
        if (i < length && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            while (i < length && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
        }
        if (i < length && text.charAt(i) == '$') {
            String tag = text.substring(pos, i + 1);
            int close = text.indexOf(tag, i + 1);
            token(pos, close < 0 ? length : close + tag.length());
        } else {
            token(pos, wordEnd(pos + 1));
        }
    }

    private void word() {
        int from = pos;
        int to = wordEnd(from);
        String word = text.substring(from, to).toUpperCase(Locale.ROOT);
        boolean first = start < 0;
        if (first && word.equals("DELIMITER") && delimiterLine(from, to)) {
            return;
        }
        char before = previous;
        token(from, to);
        if (first) {
            header = word.equals("CREATE");
        } else if (header) {
            if (ROUTINES.contains(word)) {
                header = false;
                routine = true;
            } else if (word.equals("DEFINER")) {
                definer = true;
            } else if (!ROUTINE_PREFIXES.contains(word) && !(definer && (before == '=' || before == '@'))) {
                header = false;
            }
        } else if (routine) {
            switch (word) {
                case "BEGIN", "CASE" -> depth++;
                case "END" -> closeBlock();
                default -> { }
            }
        }
    }

    /** Counts an END, reading the word after it: END IF and the like close nothing counted, END CASE closes a CASE. */
    private void closeBlock() {
        int from = pos;
        while (from < length && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        int to = from;
        while (to < length && (Character.isLetterOrDigit(text.charAt(to)) || text.charAt(to) == '_')) {
            to++;
        }
        String next = text.substring(from, to).toUpperCase(Locale.ROOT);
        if (UNCOUNTED_ENDS.contains(next)) {
            token(from, to);
            return;
        }
        depth = Math.max(0, depth - 1);
        if (next.equals("CASE")) {
            token(from, to);
        }
    }

    /**
     * Reads a {@code DELIMITER xx} line whose word DELIMITER is at {@code [from, to)}: when the word starts its line
     * and a token follows, that token becomes the delimiter and the scan moves to the end of the line.
     */
    private boolean delimiterLine(int from, int to) {
        for (int i = from - 1; i >= 0 && text.charAt(i) != '\n' && text.charAt(i) != '\r'; i--) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        int tokenStart = to;
        while (tokenStart < length && (text.charAt(tokenStart) == ' ' || text.charAt(tokenStart) == '\t')) {
            tokenStart++;
        }
        int tokenEnd = tokenStart;
        while (tokenEnd < length && !Character.isWhitespace(text.charAt(tokenEnd))) {
            tokenEnd++;
        }
        if (tokenStart == to || tokenEnd == tokenStart) {
            return false;
        }
        delimiter = text.substring(tokenStart, tokenEnd);
        pos = lineEnd(tokenEnd);
        return true;
    }

    /** Returns the end of the word that starts at or before {@code from}; a word stops where the delimiter starts. */
    private int wordEnd(int from) {
        int i = from;
        while (i < length && isWordPart(text.charAt(i)) && !text.startsWith(delimiter, i)) {
            i++;
        }
        return i;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Returns the index of the line break at or after {@code from}, or the text's length. */
    private int lineEnd(int from) {
        int i = from;
        while (i < length && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Returns the 1-based line of {@code index}; indexes are asked for in increasing order. */
    private int lineOf(int index) {
        while (lineCountedTo < index) {
            if (text.charAt(lineCountedTo++) == '\n') {
                line++;
            }
        }
        return line;
    }
}
