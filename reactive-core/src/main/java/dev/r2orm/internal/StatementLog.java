package dev.r2orm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * What the statements of one intercepted operation did: their SQL (parameterised, never values) and the rows they
 * read or changed. The executor records into the log found in the Reactor context; nothing is recorded when there is
 * none (no interceptor is installed).
 */
public final class StatementLog {

    /** The Reactor context key of the innermost operation's log. */
    public static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "r2orm.statementLog";
        }
    };

    /** The most statement texts one log keeps; later ones are counted only. */
    static final int MAX_TEXTS = 8;

    private final Object owner;
    private final List<String> texts = new ArrayList<>(2);
    private final List<Integer> fingerprints = new ArrayList<>(2);
    private final AtomicLong rows = new AtomicLong();
    private int statements;

    /**
     * Creates the log of an operation.
     *
     * @param owner what describes the operation, found again by {@link #owner()}
     */
    public StatementLog(Object owner) {
        this.owner = owner;
    }

    /** @return what describes the operation this log is of */
    public Object owner() {
        return owner;
    }

    /**
     * The log of the operation running in a context.
     *
     * @param ctx the context
     * @return the log, or null when no operation is intercepted
     */
    public static @Nullable StatementLog in(ContextView ctx) {
        return ctx.getOrDefault(KEY, null);
    }

    /** Records a statement about to run, with a fingerprint of its bound values (their hash, never the values). */
    synchronized void statement(String sql, int binds) {
        statements++;
        if (texts.size() < MAX_TEXTS && !texts.contains(sql)) {
            texts.add(sql);
            fingerprints.add(binds);
        }
    }

    /**
     * @return for each of {@link #texts()}, a hash of the values bound the first time it ran: equal for equal values,
     *     and nothing the values can be read back from
     */
    public synchronized List<Integer> fingerprints() {
        return List.copyOf(fingerprints);
    }

    /** Adds rows read or changed. */
    void rows(long n) {
        rows.addAndGet(n);
    }

    /** @return the distinct statement texts run so far, in order, at most {@value #MAX_TEXTS} */
    public synchronized List<String> texts() {
        return List.copyOf(texts);
    }

    /** @return how many statements ran so far (each run counts, repeated texts included) */
    public synchronized int statements() {
        return statements;
    }

    /** @return the rows read or changed so far */
    public long rows() {
        return rows.get();
    }
}
