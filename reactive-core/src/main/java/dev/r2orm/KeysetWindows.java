package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Where;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a query in windows by keyset pagination: each window is its own statement, run when the subscriber asks for
 * it, continuing after the last row of the window before in the query's order over columns of the model, the primary
 * key breaking ties ({@code WHERE ... AND ("id") > ($n) ORDER BY "id" LIMIT size}). Each window's result is closed
 * before the next statement starts, so whatever is done with a window (preloading its associations) never meets a
 * connection that is still streaming.
 */
final class KeysetWindows {

    private final Schema schema;
    private final List<Field> keys;
    private final List<Boolean> descending;
    private final boolean byKeyOnly;

    private KeysetWindows(Schema schema, List<Field> keys, List<Boolean> descending, boolean byKeyOnly) {
        this.schema = schema;
        this.keys = keys;
        this.descending = descending;
        this.byKeyOnly = byKeyOnly;
    }

    /**
     * Why a statement cannot be read in keyset windows.
     *
     * @param s the model
     * @param statement the query
     * @return null when it can; else the reason, worded to follow "findInBatches "
     */
    static @Nullable String obstacle(Schema s, Statement statement) {
        if (s.primaryKeys().isEmpty()) {
            return "needs a primary key; " + s.type().getName() + " has none";
        }
        OrderBy order = (OrderBy) statement.clause("ORDER BY");
        List<Field> keys = new ArrayList<>(s.primaryKeys());
        if (order != null) {
            for (OrderBy.Item item : order.items()) {
                Field f = field(s, item.expression());
                if (f == null) {
                    return "pages by the values of the order's columns: order by columns of "
                            + s.type().getSimpleName() + ", not by an expression";
                }
                keys.add(f);
            }
        }
        for (Field f : keys) {
            if (!selected(s, statement, f)) {
                return "pages by the values of the primary key and the order's columns: select "
                        + f.column() + " too";
            }
        }
        return null;
    }

    /**
     * The keyset of a statement that has no {@link #obstacle}: the order's columns, then the primary key.
     *
     * @param s the model
     * @param statement the query
     * @return the keyset
     */
    static KeysetWindows of(Schema s, Statement statement) {
        List<Field> keys = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        OrderBy order = (OrderBy) statement.clause("ORDER BY");
        if (order != null) {
            for (OrderBy.Item item : order.items()) {
                Field f = field(s, item.expression());
                if (f != null && !keys.contains(f)) {
                    keys.add(f);
                    descending.add(item.desc());
                }
            }
        }
        boolean byKeyOnly = keys.isEmpty();
        for (Field f : s.primaryKeys()) {
            if (!keys.contains(f)) {
                keys.add(f);
                descending.add(false);
            }
        }
        return new KeysetWindows(s, List.copyOf(keys), List.copyOf(descending), byKeyOnly);
    }

    private static @Nullable Field field(Schema s, Expression e) {
        return e instanceof Column c && (c.table() == null || c.table().equals(s.table()))
                ? s.fieldByColumn(c.name()) : null;
    }

    /** Whether rows read by the statement carry the field: no select list, or one that names it or is not plain. */
    private static boolean selected(Schema s, Statement statement, Field f) {
        Select select = (Select) statement.clause("SELECT");
        if (select == null || select.columns().isEmpty()) {
            return true;
        }
        for (Expression e : select.columns()) {
            if (!(e instanceof Column) || f.equals(field(s, e))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the windows, one statement each, each asked for when the subscriber requests it.
     *
     * @param statement the query; its order and limit are replaced per window
     * @param size the rows per window
     * @param limit the most rows in all, or -1 for no cap
     * @param offset the rows skipped before the first window
     * @param nullsHigh whether the dialect sorts NULL after every value
     * @param read runs one window's statement: its rows, in order, with whatever else a window needs
     * @param <T> the row type
     * @return the non-empty windows in order; an {@link IllegalStateException} when a row comes without its primary key
     */
    <T> Flux<List<T>> read(Statement statement, int size, long limit, long offset, boolean nullsHigh,
            Function<Statement, Mono<List<T>>> read) {
        Statement base = ordered(statement);
        return Flux.defer(() -> {
            Walk walk = new Walk(limit < 0 ? Long.MAX_VALUE : limit);
            return Flux.<Integer>generate(sink -> sink.next(0))
                    .concatMap(tick -> {
                        int n = (int) Math.min(size, walk.left);
                        Statement st = base.with(new Limit(n, walk.after == null ? offset : 0));
                        if (walk.after != null) {
                            st = st.with(Where.of(byKeyOnly ? keyAfter(walk.after)
                                    : orderAfter(walk.after, nullsHigh)));
                        }
                        return read.apply(st).doOnNext(rows -> walk.advance(rows, n));
                    }, 0)
                    .takeUntil(rows -> walk.done)
                    .filter(rows -> !rows.isEmpty());
        });
    }

    /**
     * The first window's statement, as {@link #read} sends it.
     *
     * @param statement the query
     * @param size the rows per window
     * @param limit the most rows in all, or -1 for no cap
     * @param offset the rows skipped before the first window
     * @return the statement
     */
    Statement first(Statement statement, int size, long limit, long offset) {
        return ordered(statement).with(new Limit((int) Math.min(size, limit < 0 ? Long.MAX_VALUE : limit), offset));
    }

    /** The query in the windows' order, without its own order and limit. */
    private Statement ordered(Statement statement) {
        List<OrderBy.Item> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            items.add(new OrderBy.Item(new Column(schema.table(), keys.get(i).column()), descending.get(i)));
        }
        return statement.without("ORDER BY").without("LIMIT").with(new OrderBy(items));
    }

    /** Where a walk through the windows is. */
    private final class Walk {
        long left;
        @Nullable Object @Nullable [] after;
        boolean done;

        Walk(long left) {
            this.left = left;
        }

        void advance(List<?> rows, int asked) {
            left -= rows.size();
            done = rows.size() < asked || left <= 0;
            if (done) {
                return;
            }
            Object last = rows.get(rows.size() - 1);
            @Nullable Object[] values = new Object[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                Field f = keys.get(i);
                values[i] = f.toColumn(f.get(last));
                if (values[i] == null && schema.primaryKeys().contains(f)) {
                    throw new IllegalStateException("reading " + schema.type().getSimpleName() + " in windows needs"
                            + " the primary key of every row, but a row came without " + f.column()
                            + ": select it too");
                }
            }
            after = values;
        }
    }

    /** {@code ("a","b") > ($1,$2)}: the rows after a key, in key order. */
    private Expression keyAfter(@Nullable Object[] values) {
        return w -> {
            w.keyword("(");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    w.keyword(",");
                }
                column(w, keys.get(i));
            }
            w.keyword(") > (");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    w.keyword(",");
                }
                w.bind(values[i], keys.get(i).storedType());
            }
            w.keyword(")");
        };
    }

    /**
     * The rows after {@code values} in an order of mixed directions, NULLs included:
     * {@code ("a" < $1 OR "a" IS NULL) OR ("a" = $2 AND "id" > $3)} for {@code a DESC, id} with NULLs sorted high.
     */
    private Expression orderAfter(@Nullable Object[] values, boolean nullsHigh) {
        return w -> {
            w.keyword("(");
            boolean firstTerm = true;
            for (int i = 0; i < keys.size(); i++) {
                boolean nullsLast = nullsHigh != descending.get(i);
                if (values[i] == null && nullsLast) {
                    continue; // nothing sorts after NULL in this column: the term matches no row
                }
                if (!firstTerm) {
                    w.keyword(" OR ");
                }
                firstTerm = false;
                w.keyword("(");
                for (int j = 0; j < i; j++) {
                    column(w, keys.get(j));
                    if (values[j] == null) {
                        w.keyword(" IS NULL AND ");
                    } else {
                        w.keyword(" = ");
                        w.bind(values[j], keys.get(j).storedType());
                        w.keyword(" AND ");
                    }
                }
                column(w, keys.get(i));
                if (values[i] == null) {
                    w.keyword(" IS NOT NULL");
                } else {
                    w.keyword(descending.get(i) ? " < " : " > ");
                    w.bind(values[i], keys.get(i).storedType());
                    if (nullsLast && !schema.primaryKeys().contains(keys.get(i))) { // a primary key is never NULL
                        w.keyword(" OR ");
                        column(w, keys.get(i));
                        w.keyword(" IS NULL");
                    }
                }
                w.keyword(")");
            }
            w.keyword(")");
        };
    }

    private void column(SqlWriter w, Field f) {
        new Column(schema.table(), f.column()).build(w);
    }
}
