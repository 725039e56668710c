package dev.r2orm;

import dev.r2orm.schema.Relation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * Warns about N+1 queries in development: when one pipeline runs the same query (the same SQL, different values) more
 * than a threshold of times, it logs once per call site which code ran it and, when an association of a model the
 * pipeline read points at the queried model, the {@code preload} that would load them all in one query.
 *
 * <pre>{@code
 * Db db = Db.open(url, Config.builder().development(true).build());   // or db.use(NPlusOneDetector.threshold(5))
 *
 * authors.concatMap(a -> db.model(Book.class).where("author_id = ?", a.id).find())   // warned after 10 authors:
 * // N+1: SELECT ... FROM "books" WHERE author_id = $1 ran 11 times with different values in one pipeline, called at
 * //      com.example.Shelf.list(Shelf.java:42); db.model(Author.class).preload("books") reads them in one query
 * }</pre>
 *
 * <p>A pipeline is the Reactor context its operations are subscribed with: the operations one {@code flatMap} or
 * {@code concatMap} starts share it, and so do those inside one transaction or one operation. Operations subscribed
 * with an empty context (no {@code contextWrite} anywhere) count together, within a second of each other. It records
 * the call site of every operation (a stack walk), so it is off unless asked for: {@link Config.Builder#development}.
 */
public final class NPlusOneDetector implements Plugin {

    /** The default threshold: a query run more than this many times in one pipeline is reported. */
    public static final int DEFAULT_THRESHOLD = 10;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.nplusone");
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final int MAX_PIPELINES = 256;

    private final int threshold;
    private final Consumer<String> warn;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<Object, Pipeline> pipelines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Pipeline> eldest) {
            return size() > MAX_PIPELINES;
        }
    };

    /** What one pipeline ran: per SQL text, the distinct value fingerprints, and the models it read. */
    private static final class Pipeline {
        final Map<String, Set<Integer>> runs = new LinkedHashMap<>();
        final Set<Class<?>> models = new HashSet<>();
        long lastSeen;
    }

    private NPlusOneDetector(int threshold, Consumer<String> warn) {
        this.threshold = threshold;
        this.warn = warn;
    }

    /**
     * A detector that reports a query run more than {@code threshold} times in one pipeline, at WARN on the logger
     * {@code dev.r2orm.nplusone}.
     *
     * @param threshold how many runs are still fine, at least 1
     * @return the detector
     * @throws IllegalArgumentException if the threshold is below 1
     */
    public static NPlusOneDetector threshold(int threshold) {
        return threshold(threshold, LOG::warn);
    }

    /**
     * A detector that hands its reports to {@code warn} (a test's list, a metrics counter).
     *
     * @param threshold how many runs are still fine, at least 1
     * @param warn receives each report, once per call site and query
     * @return the detector
     * @throws IllegalArgumentException if the threshold is below 1
     */
    public static NPlusOneDetector threshold(int threshold, Consumer<String> warn) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
        }
        return new NPlusOneDetector(threshold, Objects.requireNonNull(warn, "warn must not be null"));
    }

    /** @return {@code "n+1"} */
    @Override
    public String name() {
        return "n+1";
    }

    /** Records call sites and watches every read as it completes. */
    @Override
    public void initialize(PluginSetup setup) {
        setup.recordCallSites();
        setup.intercept((call, work) -> {
            started(call);
            return work.doOnComplete(() -> completed(call));
        });
    }

    /** Notes the model a read works on as it starts: a parent's rows arrive before its children are queried. */
    private void started(Invocation call) {
        if (call.reads() && call.model().isPresent()) {
            synchronized (pipelines) {
                pipeline(call).models.add(call.model().get());
            }
        }
    }

    private void completed(Invocation call) {
        if (!call.reads() || call.operation().equals("preload") || call.operation().equals("transaction")
                || insidePreload(call) || call.statements().size() != 1) {
            return;
        }
        String sql = call.statements().get(0);
        int fingerprint = call.fingerprints().get(0);
        String report = null;
        synchronized (pipelines) {
            Pipeline p = pipeline(call);
            Set<Integer> values = p.runs.computeIfAbsent(sql, k -> new HashSet<>());
            values.add(fingerprint);
            if (values.size() == threshold + 1) {
                String site = call.callSite().map(StackTraceElement::toString).orElse("an unknown call site");
                if (warned.add(site + "\n" + sql)) {
                    report = "N+1: " + sql + " ran " + values.size() + " times with different values in one pipeline,"
                            + " called at " + site + "; " + advice(call, sql, p.models);
                }
            }
        }
        if (report != null) {
            warn.accept(report);
        }
    }

    private static boolean insidePreload(Invocation call) {
        for (Invocation p = call.parent().orElse(null); p != null; p = p.parent().orElse(null)) {
            if (p.operation().equals("preload")) {
                return true;
            }
        }
        return false;
    }

    /** The pipeline an operation belongs to: its parent operation, else its subscriber's context. */
    private Pipeline pipeline(Invocation call) {
        Object key = call.parent().<Object>map(p -> p).orElse(null);
        ContextView ctx = call.context();
        if (key == null) {
            key = ctx.isEmpty() ? NPlusOneDetector.class : new Identity(ctx);
        }
        long now = System.nanoTime();
        Pipeline p = pipelines.get(key);
        if (p == null || key == NPlusOneDetector.class && now - p.lastSeen > QUIET_NANOS) {
            p = new Pipeline();
            pipelines.put(key, p);
        }
        p.lastSeen = now;
        return p;
    }

    /**
     * A pipeline's key: its context by instance (contexts compare by content), held weakly so that the detector keeps
     * no request's values alive.
     */
    private static final class Identity {
        private final java.lang.ref.WeakReference<ContextView> ctx;
        private final int hash;

        Identity(ContextView ctx) {
            this.ctx = new java.lang.ref.WeakReference<>(ctx);
            this.hash = System.identityHashCode(ctx);
        }

        @Override
        public boolean equals(@Nullable Object o) {
            ContextView mine = ctx.get();
            return o == this || o instanceof Identity other && mine != null && other.ctx.get() == mine;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The preload that would replace the queries, or what to do instead. */
    private static String advice(Invocation call, String sql, Set<Class<?>> models) {
        Class<?> target = call.model().orElse(null);
        if (target == null) {
            return "read them in one query (where(\"... IN ?\", keys))";
        }
        String quotedTable = call.collection().orElse("");
        for (Class<?> owner : models) {
            if (owner == target && models.size() > 1) {
                continue;
            }
            for (Relation r : associations(call.db(), owner)) {
                if (r.target().type() == target && sql.contains(r.targetKey().column()) && sql.contains(quotedTable)) {
                    return "db.model(" + owner.getSimpleName() + ".class).preload(\"" + r.name()
                            + "\") reads them in one query";
                }
            }
        }
        return "no association of the models this pipeline read points at " + target.getSimpleName()
                + ": read them in one query (find(ids), or where(\"... IN ?\", keys))";
    }

    private static List<Relation> associations(Db db, Class<?> owner) {
        try {
            return List.copyOf(db.associations(owner).values());
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
