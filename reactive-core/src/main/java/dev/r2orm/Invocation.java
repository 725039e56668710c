package dev.r2orm;

import dev.r2orm.internal.StatementLog;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * One operation of a {@link Db} as {@link Interceptor}s see it: what it is (its name, table, model, whether it only
 * reads, how many rows it writes at once), which operation it runs inside of, and, as it runs, the statements it sent
 * (their SQL with placeholders, never the bound values) and the rows they read or changed.
 *
 * <p>The invocation running is in the Reactor context of its statements ({@link #current(ContextView)}), so a step or
 * a nested operation can find it.
 */
public final class Invocation {

    private final Db db;
    private final String operation;
    private final @Nullable String collection;
    private final @Nullable Class<?> model;
    private final boolean reads;
    private final int batchSize;
    private final @Nullable Invocation parent;
    private final @Nullable StackTraceElement callSite;
    private final ContextView context;
    private final StatementLog log = new StatementLog(this);

    Invocation(Db db, String operation, @Nullable String collection, @Nullable Class<?> model, boolean reads,
            int batchSize, @Nullable StackTraceElement callSite, ContextView context) {
        this.db = db;
        this.operation = operation;
        this.collection = collection;
        this.model = model;
        this.reads = reads;
        this.batchSize = batchSize;
        this.parent = current(context).orElse(null);
        this.callSite = callSite;
        this.context = context;
    }

    /**
     * The invocation whose work runs with a context.
     *
     * @param ctx a Reactor context, as {@code Flux.deferContextual} gives it
     * @return the innermost invocation running, or empty when none is (or no interceptor is installed)
     */
    public static Optional<Invocation> current(ContextView ctx) {
        StatementLog log = StatementLog.in(ctx);
        return log != null && log.owner() instanceof Invocation call ? Optional.of(call) : Optional.empty();
    }

    /** @return the database view the operation runs on (its session, its transaction) */
    public Db db() {
        return db;
    }

    /**
     * The operation's name: the public method that started it ({@code create}, {@code find}, {@code first},
     * {@code take}, {@code last}, {@code count}, {@code pluck}, {@code scan}, {@code rows}, {@code findMaps},
     * {@code findInBatches}, {@code update}, {@code delete}, {@code copyIn}, {@code raw}, {@code exec}),
     * {@code preload} for one level of a preload, {@code transaction} for a transaction, {@code migration} for a
     * migration file, or the name given to {@link Db#operation(String, String, reactor.core.publisher.Flux)}. One of a
     * few names: fit for a metric's tag.
     *
     * @return the name
     */
    public String operation() {
        return operation;
    }

    /** @return the table the operation works on, or empty for raw SQL and transactions */
    public Optional<String> collection() {
        return Optional.ofNullable(collection);
    }

    /** @return the model class, or empty for raw SQL, {@code db.table(...)} maps and transactions */
    public Optional<Class<?>> model() {
        return Optional.ofNullable(model);
    }

    /**
     * Whether the operation only reads: every query and preload level, raw SQL that is a plain {@code SELECT} (no row
     * locks, no {@code INTO}), and a read-only transaction. Writes, {@code exec} and other transactions do not.
     *
     * @return true for a read
     */
    public boolean reads() {
        return reads;
    }

    /**
     * @return the number of rows a create writes in one go ({@code createAll}, a chunk of {@code createInBatches}),
     *     else 0
     */
    public int batchSize() {
        return batchSize;
    }

    /** @return the operation this one runs inside of (a preload's query, an association's write), or empty */
    public Optional<Invocation> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The application's code that called the operation, when a plugin asked for call sites
     * ({@link PluginSetup#recordCallSites()}) and the call was made by the application (the first frame outside
     * r2orm, Reactor and the JDK).
     *
     * @return the frame, or empty
     */
    public Optional<StackTraceElement> callSite() {
        return Optional.ofNullable(callSite);
    }

    /**
     * The Reactor context the operation was subscribed with, before any interceptor changed it: one instance for all
     * the operations a {@code flatMap} or {@code concatMap} of one pipeline starts.
     *
     * @return the subscriber's context
     */
    public ContextView context() {
        return context;
    }

    /**
     * The SQL the operation sent so far, with placeholders and never the bound values: each distinct text once, in
     * order, at most eight. Statements of nested operations are theirs, not this one's.
     *
     * @return the statement texts
     */
    public List<String> statements() {
        return log.texts();
    }

    /**
     * A fingerprint of the values each of {@link #statements()} was first run with: a hash, equal for equal values,
     * from which the values cannot be read back.
     *
     * @return one fingerprint per statement text
     */
    public List<Integer> fingerprints() {
        return log.fingerprints();
    }

    /** @return how many statements the operation sent so far, repeats included */
    public int statementCount() {
        return log.statements();
    }

    /** @return the rows its statements read or changed so far */
    public long rows() {
        return log.rows();
    }

    reactor.util.context.Context bind(reactor.util.context.Context ctx) {
        return ctx.put(StatementLog.KEY, log);
    }

    @Override
    public String toString() {
        return "Invocation[" + operation + (collection == null ? "" : " " + collection) + "]";
    }
}
