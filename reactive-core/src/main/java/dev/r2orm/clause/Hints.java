package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;

/**
 * Optimizer hints and comments, each written as an SQL block comment right after the {@code SELECT} keyword; an
 * optimizer hint is a comment whose text starts with {@code +} (GORM's {@code hints.New("MAX_EXECUTION_TIME(1000)")}).
 * MySQL and MariaDB act on optimizer hints, PostgreSQL with the pg_hint_plan extension; other databases read them as
 * comments. The text is developer SQL, checked only so that it cannot open or close a comment.
 *
 * @param texts the comment bodies, each rendered as its own comment; optimizer hints start with {@code +}
 */
public record Hints(List<String> texts) implements Clause {

    /**
     * Creates the clause.
     *
     * @param texts the comment bodies
     * @throws IllegalArgumentException when a text holds the comment terminator
     */
    public Hints {
        texts = List.copyOf(texts);
        for (String t : texts) {
            if (t.contains("*/") || t.contains("/*")) {
                throw new IllegalArgumentException("a hint or comment must not contain /* or */: '" + t + "'");
            }
        }
    }

    @Override
    public String name() {
        return "HINTS";
    }

    @Override
    public void build(SqlWriter w) {
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                w.keyword(" ");
            }
            w.keyword("/*").keyword(texts.get(i)).keyword("*/");
        }
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        List<String> all = new ArrayList<>(((Hints) earlier).texts);
        all.addAll(texts);
        return new Hints(all);
    }
}
