package dev.r2orm.migrate;

/**
 * Prepares one statement for r2dbc-h2, which cuts every statement at each {@code ;} before H2 parses it, even inside
 * a string: a string literal holding a semicolon is written as the same literal in H2's Unicode form
 * ({@code 'a;b'} as {@code U&'a\003Bb'}), a quoted identifier likewise, and a comment holding one is left out.
 */
final class H2Statements {

    private H2Statements() {
    }

    /**
     * The statement, with no semicolon outside Unicode escapes.
     *
     * @param sql one statement, as {@link SqlSplitter} gives it
     * @return the statement to send
     */
    static String protect(String sql) {
        if (sql.indexOf(';') < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = close(sql, i, c);
                String quoted = sql.substring(i, end);
                boolean unicode = i > 1 && sql.charAt(i - 1) == '&' && Character.toUpperCase(sql.charAt(i - 2)) == 'U';
                out.append(quoted.indexOf(';') < 0 || unicode ? quoted : unicode(quoted, c));
                i = end;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the quote closing the one at {@code from}; a doubled quote stays inside. */
    private static int close(String sql, int from, char quote) {
        int i = from + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static String unicode(String quoted, char quote) {
        StringBuilder u = new StringBuilder("U&");
        for (int k = 0; k < quoted.length(); k++) {
            char ch = quoted.charAt(k);
            if (ch == ';') {
                u.append("\\003B");
            } else if (ch == '\\') {
                u.append("\\\\");
            } else {
                u.append(ch);
            }
        }
        return u.toString();
    }
}
