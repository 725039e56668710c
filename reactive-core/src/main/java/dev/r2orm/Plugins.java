package dev.r2orm;

import dev.r2orm.callbacks.Callbacks;
import dev.r2orm.callbacks.Processor;
import dev.r2orm.internal.Executor;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The plugins installed on one database and the interceptors they registered. */
final class Plugins {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.plugins");

    private static final Interceptor[] NONE = {};

    private final Map<String, Plugin> installed = new LinkedHashMap<>();
    private volatile Interceptor[] interceptors = NONE;
    private volatile boolean callSites;

    /** Installs a plugin: see {@link Db#use(Plugin)}. */
    synchronized void install(Db db, Executor executor, Plugin plugin) {
        Objects.requireNonNull(plugin, "plugin must not be null");
        String name = plugin.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("plugin " + plugin.getClass().getName() + " has no name");
        }
        Plugin other = installed.get(name);
        if (other != null) {
            throw new IllegalArgumentException(other == plugin ? "plugin '" + name + "' is already installed"
                    : "a plugin named '" + name + "' is already installed (" + other.getClass().getName()
                            + "); plugin names must be unique");
        }
        if (installed.containsValue(plugin)) {
            throw new IllegalArgumentException("plugin " + plugin.getClass().getName()
                    + " is already installed under another name");
        }
        Callbacks callbacks = db.callbacks();
        List<List<String>> before = names(callbacks);
        PluginSetup setup = new PluginSetup(db, name);
        try {
            plugin.initialize(setup);
        } catch (RuntimeException | Error e) {
            setup.close();
            removeAdded(callbacks, before);
            throw e;
        }
        setup.close();
        for (UnaryOperator<ConnectionFactory> w : setup.wrappers()) {
            executor.wrapConnectionFactory(w);
        }
        if (!setup.interceptors().isEmpty()) {
            List<Interceptor> all = new ArrayList<>(List.of(interceptors));
            all.addAll(setup.interceptors());
            interceptors = all.toArray(NONE);
        }
        callSites |= setup.callSites();
        installed.put(name, plugin);
    }

    /** @return whether a plugin asked for the application's call site of each operation */
    boolean callSites() {
        return callSites;
    }

    /** Closes every plugin, the last installed first; a plugin's failure is logged and the others still close. */
    void close() {
        List<Plugin> plugins;
        synchronized (this) {
            plugins = new ArrayList<>(installed.values());
        }
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                plugins.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("closing plugin '{}' failed", plugins.get(i).name(), e);
            }
        }
    }

    /** Closes every plugin without blocking, the last installed first; a failure is logged and the others close. */
    Mono<Void> closeLater() {
        return Flux.defer(() -> {
            List<Plugin> plugins;
            synchronized (this) {
                plugins = new ArrayList<>(installed.values());
            }
            java.util.Collections.reverse(plugins);
            return Flux.fromIterable(plugins).concatMap(p -> Mono.defer(p::closeLater).onErrorResume(e -> {
                LOG.warn("closing plugin '{}' failed", p.name(), e);
                return Mono.empty();
            }));
        }).then();
    }

    /**
     * Runs an operation through the interceptors, the first installed outermost, with its {@link Invocation} in the
     * context of its work; without interceptors it returns {@code work} itself.
     */
    @SuppressWarnings("unchecked")
    <T> Flux<T> intercepted(Db db, String operation, @Nullable String collection, @Nullable Class<?> model,
            boolean reads, int batchSize, Flux<T> work) {
        Interceptor[] chain = interceptors;
        if (chain.length == 0) {
            return work;
        }
        StackTraceElement site = callSites ? CallSites.caller() : null;
        return Flux.deferContextual(ctx -> {
            Invocation call = new Invocation(db, operation, collection, model, reads, batchSize, site, ctx);
            Flux<Object> flux = ((Flux<Object>) work).contextWrite(call::bind);
            for (int i = chain.length - 1; i >= 0; i--) {
                flux = Objects.requireNonNull(chain[i].intercept(call, flux), "an interceptor returned null");
            }
            return (Flux<T>) flux;
        });
    }

    /** {@link #intercepted(Db, String, String, Class, boolean, int, Flux)} for work of one value. */
    <T> Mono<T> intercepted(Db db, String operation, @Nullable String collection, @Nullable Class<?> model,
            boolean reads, int batchSize, Mono<T> work) {
        if (interceptors.length == 0) {
            return work;
        }
        return intercepted(db, operation, collection, model, reads, batchSize, work.flux()).singleOrEmpty();
    }

    /** @return the interceptors, the first installed first (outermost) */
    Interceptor[] interceptors() {
        return interceptors;
    }

    synchronized Map<String, Plugin> installed() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(installed));
    }

    private static List<Processor> chains(Callbacks c) {
        return List.of(c.create(), c.query(), c.update(), c.delete(), c.raw());
    }

    private static List<List<String>> names(Callbacks c) {
        List<List<String>> names = new ArrayList<>();
        for (Processor p : chains(c)) {
            names.add(p.names());
        }
        return names;
    }

    private static void removeAdded(Callbacks c, List<List<String>> before) {
        List<Processor> chains = chains(c);
        for (int i = 0; i < chains.size(); i++) {
            for (String n : chains.get(i).names()) {
                if (!before.get(i).contains(n)) {
                    chains.get(i).remove(n);
                }
            }
        }
    }
}
