package dev.r2orm;

/**
 * An extension of one {@link Db}, installed with {@link Db#use(Plugin)} or listed in {@link Config.Builder#plugin}
 * (GORM's {@code db.Use(plugin)}). A plugin has a name, unique per database, and sets itself up once in
 * {@link #initialize(PluginSetup)}: it may register steps before, after or instead of the named steps of any callback
 * chain, wrap every operation r2orm runs ({@link Interceptor}: observe it, add values to its Reactor context, route
 * it), and wrap the connection factory statements take their connections from.
 *
 * <pre>{@code
 * final class AuditPlugin implements Plugin {
 *     public String name() { return "audit"; }
 *     public void initialize(PluginSetup setup) {
 *         setup.callbacks().create().before(Steps.CREATE).register("audit:stamp",
 *                 (op, rows) -> rows.doOnNext(r -> { if (r instanceof Audited a) a.stamp(); }));
 *         setup.intercept((call, work) -> work.doOnError(e -> log.warn("{} failed", call.operation(), e)));
 *     }
 * }
 * db.use(new AuditPlugin());
 * }</pre>
 *
 * <p>The plugins r2orm ships ({@code dev.r2orm.plugins.observation.ObservationPlugin}, the read/write resolver, the
 * N+1 detector) are built on this API alone.
 */
public interface Plugin {

    /**
     * The plugin's name: installing two plugins with one name on one database is an error.
     *
     * @return a non-blank name, for example {@code "observation"}
     */
    String name();

    /**
     * Sets the plugin up on one database. It runs once, when the plugin is installed, before any operation sees it.
     * Interceptors and a connection factory wrapper take effect only if it returns normally; when it throws, the
     * callback steps it had registered are removed again and {@link Db#use} signals its error.
     *
     * @param setup what the plugin may change
     */
    void initialize(PluginSetup setup);

    /**
     * Releases what the plugin holds (background probes, connection pools it opened), blocking until it is released.
     * {@link Db#close()} calls it for every installed plugin, the last installed first, before the pool closes. The
     * default does nothing.
     */
    default void close() {
    }

    /**
     * Releases what the plugin holds without blocking: {@link Db#closeLater()} subscribes to it for every installed
     * plugin, the last installed first, before the pool closes.
     *
     * <p>Cancelling stops waiting; what was released stays released.
     *
     * @return completes once released; an error is logged by the database and does not stop the others. The default
     *     runs {@link #close()} when subscribed
     */
    default reactor.core.publisher.Mono<Void> closeLater() {
        return reactor.core.publisher.Mono.fromRunnable(this::close);
    }
}
