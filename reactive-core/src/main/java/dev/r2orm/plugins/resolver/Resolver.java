package dev.r2orm.plugins.resolver;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Invocation;
import dev.r2orm.Plugin;
import dev.r2orm.PluginSetup;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Read/write splitting, GORM's dbresolver done for a reactive pipeline: reads (queries, preloads, {@code raw} SQL that
 * is a plain {@code SELECT}) go to a replica, writes and every statement of a transaction to the source, a read-only
 * transaction to a replica.
 *
 * <pre>{@code
 * Db db = Db.open(primaryUrl).use(Resolver.builder()
 *         .replicas("r2dbc:postgresql://replica-1/app", "r2dbc:postgresql://replica-2/app")
 *         .group("analytics", g -> g.sources(analyticsUrl).replicas(analyticsReplicaUrl).models(Event.class))
 *         .readYourWrites(Duration.ofSeconds(2))
 *         .build());
 *
 * db.model(User.class).first(id)                                  // a replica
 *         .contextWrite(Resolver.write());                        // forced to the source
 * handler.contextWrite(Resolver.readYourWrites());               // this pipeline's reads follow its writes
 * }</pre>
 *
 * <p>Beyond dbresolver: a replica that fails to give a connection (within {@link Builder#failoverTimeout}) or fails
 * a probe is left out and retried later, the read going to the next replica and, when none is left, to the source,
 * so that a replica going down fails no request but those already running on it; read-your-writes keeps the reads of
 * a pipeline on the source for a window after its writes; the round-robin policy is atomic.
 *
 * <p>A group's tables and models decide which group serves an operation ({@link #use(String)} forces one); an
 * operation started inside a write (a hook's query, an association's) stays on the source; statements inside a
 * transaction run on the transaction's connection, whatever their group. Built on the plugin API alone: an
 * interceptor puts a route in the operation's Reactor context, and a connection factory wrapper serves it.
 */
public final class Resolver implements Plugin {

    private static final String DEFAULT = "default";

    private static final Object FORCE_KEY = new Object() {
        @Override
        public String toString() {
            return "r2orm.resolver.force";
        }
    };

    /** A choice forced by {@link #read()}, {@link #write()} or {@link #use(String)}. */
    private record Force(@Nullable String group, @Nullable Boolean read) {
    }

    private final Map<String, GroupSpec> specs;
    private final long readYourWritesNanos;
    private final Duration failover;
    private final Duration retryAfter;
    private final @Nullable Duration probeInterval;
    private final Duration probeTimeout;
    private volatile @Nullable Running running;

    /** What one installation runs with. */
    private record Running(Group fallback, Map<String, Group> byName, Map<Class<?>, Group> byModel,
            Map<String, Group> byTable, List<Db> owned, @Nullable Disposable probe) {
    }

    private Resolver(Builder b) {
        this.specs = new LinkedHashMap<>(b.specs);
        this.readYourWritesNanos = b.readYourWrites.toNanos();
        this.failover = b.failover;
        this.retryAfter = b.retryAfter;
        this.probeInterval = b.probeInterval;
        this.probeTimeout = b.probeTimeout;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Forces the operations of a pipeline to the source: {@code query.first().contextWrite(Resolver.write())}.
     *
     * @return the context change
     */
    public static Function<Context, Context> write() {
        return ctx -> ctx.put(FORCE_KEY, new Force(group(ctx), false));
    }

    /**
     * Forces the reads of a pipeline to a replica, even after its writes (writes still go to the source).
     *
     * @return the context change
     */
    public static Function<Context, Context> read() {
        return ctx -> ctx.put(FORCE_KEY, new Force(group(ctx), true));
    }

    /**
     * Sends the operations of a pipeline to a named group, whatever their tables and models.
     *
     * @param group the group's name ({@code "default"} for the database's own)
     * @return the context change; an operation run with an unknown name signals {@link IllegalArgumentException}
     */
    public static Function<Context, Context> use(String group) {
        Objects.requireNonNull(group, "group must not be null");
        return ctx -> {
            Force f = ctx.getOrDefault(FORCE_KEY, null);
            return ctx.put(FORCE_KEY, new Force(group, f == null ? null : f.read()));
        };
    }

    /**
     * Makes a pipeline read its own writes: once one of its operations writes (or runs a transaction that is not
     * read-only), its reads go to the source for the {@link Builder#readYourWrites window}, so that replication lag
     * never hides what it just wrote. Put it where the pipeline is subscribed (a WebFlux handler's or filter's
     * {@code contextWrite}); an inner one starts a clock of its own.
     *
     * @return the context change
     */
    public static Function<Context, Context> readYourWrites() {
        return ctx -> ctx.put(WriteClock.KEY, new WriteClock());
    }

    private static @Nullable String group(Context ctx) {
        Force f = ctx.getOrDefault(FORCE_KEY, null);
        return f == null ? null : f.group();
    }

    /** @return {@code "resolver"} */
    @Override
    public String name() {
        return "resolver";
    }

    /**
     * Opens the pools of the replicas and sources given by URL (with the database's configuration, without its
     * plugins), wraps the database's pool in the router and starts the probe.
     *
     * @throws IllegalStateException if this resolver is installed on another database already
     */
    @Override
    public synchronized void initialize(PluginSetup setup) {
        if (running != null) {
            throw new IllegalStateException("this Resolver serves another database already; build one per database");
        }
        Config config = setup.config().toBuilder().clearPlugins().development(false).build();
        List<Db> owned = new ArrayList<>();
        try {
            Map<String, Group> byName = new LinkedHashMap<>();
            Map<Class<?>, Group> byModel = new HashMap<>();
            Map<String, Group> byTable = new HashMap<>();
            for (GroupSpec spec : specs.values()) {
                Policy policy = spec.policy != null ? spec.policy : Policy.roundRobin();
                Group g = new Group(spec.name, targets(spec.name, "source", spec.sources, config, owned),
                        targets(spec.name, "replica", spec.replicas, config, owned), policy);
                byName.put(spec.name, g);
                spec.models.forEach(m -> byModel.put(m, g));
                spec.tables.forEach(t -> byTable.put(t, g));
            }
            setup.wrapConnectionFactory(pool -> new Router(pool, failover, retryAfter));
            setup.intercept(this::route);
            Disposable probe = probeInterval == null ? null : Flux.interval(probeInterval, probeInterval)
                    .onBackpressureDrop()
                    .concatMap(tick -> probeAll(byName.values()), 0)
                    .subscribe();
            running = new Running(byName.get(DEFAULT), byName, byModel, byTable, owned, probe);
        } catch (RuntimeException | Error e) {
            owned.forEach(Db::close);
            throw e;
        }
    }

    private static List<Target> targets(String group, String role, List<Object> items, Config config,
            List<Db> owned) {
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object o = items.get(i);
            String name = group + " " + role + " " + (i + 1);
            if (o instanceof ConnectionFactory f) {
                out.add(new Target(name, f));
            } else {
                Db db = Db.open((String) o, config);
                owned.add(db);
                out.add(new Target(name + " (" + Redacted.url((String) o) + ")", db.connectionFactory()));
            }
        }
        return out;
    }

    private Flux<Object> route(Invocation call, Flux<Object> work) {
        Running rt = running;
        if (rt == null) {
            return work;
        }
        return Flux.deferContextual(ctx -> {
            Force force = ctx.getOrDefault(FORCE_KEY, null);
            Group group = force != null && force.group() != null ? rt.byName().get(force.group()) : groupOf(rt, call);
            if (group == null) {
                return Flux.error(new IllegalArgumentException("Resolver.use: no group named '" + force.group()
                        + "'; the groups are " + rt.byName().keySet()));
            }
            Route outer = ctx.getOrDefault(Route.KEY, null);
            WriteClock clock = ctx.getOrDefault(WriteClock.KEY, null);
            boolean read;
            if (force != null && force.read() != null) {
                read = force.read() && call.reads();
            } else {
                read = call.reads() && (outer == null || outer.read())
                        && (clock == null || !clock.within(readYourWritesNanos));
            }
            Route route = new Route(group, read);
            Flux<Object> routed = work.contextWrite(c -> c.put(Route.KEY, route));
            if (clock == null || call.reads()) {
                return routed;
            }
            // a write moves the pipeline's clock when it starts and again when it ends, before its subscriber hears
            return routed.doOnSubscribe(s -> clock.mark()).doOnTerminate(clock::mark).doOnCancel(clock::mark);
        });
    }

    private static Group groupOf(Running rt, Invocation call) {
        Group g = call.model().map(rt.byModel()::get).orElse(null);
        if (g == null) {
            g = call.collection().map(t -> rt.byTable().get(t.toLowerCase(Locale.ROOT))).orElse(null);
        }
        return g != null ? g : rt.fallback();
    }

    private Mono<Void> probeAll(Iterable<Group> groups) {
        List<Target> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.replicas));
        long retry = retryAfter.toNanos();
        return Flux.fromIterable(all).flatMap(t -> Mono.usingWhen(Mono.from(t.factory.create()),
                        c -> Mono.from(c.validate(ValidationDepth.REMOTE)),
                        Connection::close)
                .timeout(probeTimeout)
                .defaultIfEmpty(false)
                .doOnNext(ok -> {
                    if (ok) {
                        t.up();
                    } else {
                        t.down(new IllegalStateException("failed the probe's validation"), retry);
                    }
                })
                .onErrorResume(e -> {
                    t.down(e, retry);
                    return Mono.empty();
                }))
                .then();
    }

    /**
     * The health of the replicas, as the router sees it now.
     *
     * @return each replica's name ({@code "<group> replica <n>"}, with its URL without credentials when given by one)
     *     to whether reads may go to it; empty before the resolver is installed
     */
    public Map<String, Boolean> health() {
        Running rt = running;
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (rt != null) {
            rt.byName().values().forEach(g -> g.replicas.forEach(t -> out.put(t.name, t.isUp())));
        }
        return out;
    }

    /** Stops the probe and closes the pools this resolver opened, blocking until they are closed. */
    @Override
    public void close() {
        Running rt = stop();
        if (rt != null) {
            rt.owned().forEach(Db::close);
        }
    }

    /**
     * Stops the probe and closes the pools this resolver opened.
     *
     * <p>Cancelling stops waiting for the pools; the probe is stopped already.
     *
     * @return completes when the pools are closed
     */
    @Override
    public Mono<Void> closeLater() {
        return Mono.defer(() -> {
            Running rt = stop();
            return rt == null ? Mono.empty() : Flux.fromIterable(rt.owned()).concatMap(Db::closeLater).then();
        });
    }

    private synchronized @Nullable Running stop() {
        Running rt = running;
        running = null;
        if (rt != null && rt.probe() != null) {
            rt.probe().dispose();
        }
        return rt;
    }

    /** Builds a {@link Resolver}. */
    public static final class Builder {

        private final Map<String, GroupSpec> specs = new LinkedHashMap<>();
        private Duration readYourWrites = Duration.ofSeconds(2);
        private Duration failover = Duration.ofSeconds(2);
        private Duration retryAfter = Duration.ofSeconds(5);
        private @Nullable Duration probeInterval = Duration.ofSeconds(5);
        private Duration probeTimeout = Duration.ofSeconds(2);

        private Builder() {
            specs.put(DEFAULT, new GroupSpec(DEFAULT));
        }

        /**
         * Adds replicas to the default group, whose source is the database's own pool.
         *
         * @param factories pooled connection factories (not closed by the resolver)
         * @return this builder
         */
        public Builder replicas(ConnectionFactory... factories) {
            specs.get(DEFAULT).replicas(factories);
            return this;
        }

        /**
         * Adds replicas to the default group by URL; their pools are opened with the database's configuration and
         * closed with the database.
         *
         * @param urls R2DBC URLs
         * @return this builder
         */
        public Builder replicas(String... urls) {
            specs.get(DEFAULT).replicas(urls);
            return this;
        }

        /**
         * The default group's policy ({@link Policy#roundRobin()} unless set).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(Policy policy) {
            specs.get(DEFAULT).policy(policy);
            return this;
        }

        /**
         * Adds (or extends) a named group: its own sources (the database's pool when it names none), replicas,
         * tables and models.
         *
         * @param name the group's name
         * @param spec sets the group up
         * @return this builder
         */
        public Builder group(String name, Consumer<GroupSpec> spec) {
            Objects.requireNonNull(name, "name must not be null");
            spec.accept(specs.computeIfAbsent(name, GroupSpec::new));
            return this;
        }

        /**
         * How long the reads of a pipeline marked with {@link Resolver#readYourWrites()} stay on the source after its
         * last write: longer than the replicas' usual lag (2 s by default).
         *
         * @param window the window
         * @return this builder
         */
        public Builder readYourWrites(Duration window) {
            this.readYourWrites = positive(window, "readYourWrites");
            return this;
        }

        /**
         * How long a read waits for a replica's connection before it leaves the replica out and goes on (2 s by
         * default). A replica whose connections are all lent out is passed over without being left out.
         *
         * @param timeout the wait
         * @return this builder
         */
        public Builder failoverTimeout(Duration timeout) {
            this.failover = positive(timeout, "failoverTimeout");
            return this;
        }

        /**
         * How long a replica that failed stays left out before a read tries it again (5 s by default).
         *
         * @param wait the wait
         * @return this builder
         */
        public Builder retryAfter(Duration wait) {
            this.retryAfter = positive(wait, "retryAfter");
            return this;
        }

        /**
         * Probes every replica at this interval (a connection validated by a round trip within the probe timeout),
         * leaving out one that fails and taking back one that answers (every 5 s, 2 s timeout, by default).
         *
         * @param interval the interval, or null for no probe (replicas are then checked by the reads themselves)
         * @param timeout the longest wait for one probe
         * @return this builder
         */
        public Builder probe(@Nullable Duration interval, Duration timeout) {
            this.probeInterval = interval == null ? null : positive(interval, "probe interval");
            this.probeTimeout = positive(timeout, "probe timeout");
            return this;
        }

        /**
         * The resolver.
         *
         * @return the resolver, for one database
         * @throws IllegalArgumentException if no group has a replica or a source of its own, or a table or model is
         *     given to two groups
         */
        public Resolver build() {
            Map<String, String> tables = new HashMap<>();
            Map<Class<?>, String> models = new HashMap<>();
            boolean any = false;
            for (GroupSpec s : specs.values()) {
                any |= !s.replicas.isEmpty() || !s.sources.isEmpty();
                for (String t : s.tables) {
                    String other = tables.put(t, s.name);
                    if (other != null) {
                        throw new IllegalArgumentException("table " + t + " is in groups " + other + " and " + s.name);
                    }
                }
                for (Class<?> m : s.models) {
                    String other = models.put(m, s.name);
                    if (other != null) {
                        throw new IllegalArgumentException("model " + m.getName() + " is in groups " + other + " and "
                                + s.name);
                    }
                }
            }
            if (!any) {
                throw new IllegalArgumentException("a Resolver needs at least one replica or source");
            }
            return new Resolver(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
