package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code USE INDEX ("idx")}, {@code FORCE INDEX}, {@code IGNORE INDEX} after the table: MySQL and MariaDB only; other
 * dialects signal {@link dev.r2orm.UnsupportedByDialectException} when the statement is rendered.
 *
 * @param kind {@code USE}, {@code FORCE} or {@code IGNORE}
 * @param indexes the index names, quoted when rendered
 */
public record IndexHint(String kind, List<String> indexes) implements Clause {

    /**
     * Creates the clause.
     *
     * @param kind {@code USE}, {@code FORCE} or {@code IGNORE}
     * @param indexes the index names, at least one
     */
    public IndexHint {
        Objects.requireNonNull(kind, "kind must not be null");
        if (!kind.equals("USE") && !kind.equals("FORCE") && !kind.equals("IGNORE")) {
            throw new IllegalArgumentException("index hint kind must be USE, FORCE or IGNORE, was " + kind);
        }
        indexes = List.copyOf(indexes);
        if (indexes.isEmpty()) {
            throw new IllegalArgumentException("an index hint needs at least one index name");
        }
    }

    @Override
    public String name() {
        return "INDEX HINT";
    }

    @Override
    public void build(SqlWriter w) {
        w.dialect().indexHint(w, this);
    }

    @Override
    public Clause mergeAfter(Clause earlier) {
        IndexHint e = (IndexHint) earlier;
        if (!e.kind.equals(kind)) {
            return this;
        }
        List<String> all = new ArrayList<>(e.indexes);
        all.addAll(indexes);
        return new IndexHint(kind, all);
    }
}
