package dev.r2orm;

import dev.r2orm.callbacks.Callbacks;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link Plugin} may change on the database it is installed on, handed to {@link Plugin#initialize}. Valid
 * only while {@code initialize} runs.
 */
public final class PluginSetup {

    private final Db db;
    private final String name;
    private final List<Interceptor> interceptors = new ArrayList<>(1);
    private final List<UnaryOperator<ConnectionFactory>> wrappers = new ArrayList<>(1);
    private boolean callSites;
    private boolean open = true;

    PluginSetup(Db db, String name) {
        this.db = db;
        this.name = name;
    }

    /** @return the database the plugin is installed on (its default session) */
    public Db db() {
        return db;
    }

    /** @return the database's configuration */
    public Config config() {
        return db.config();
    }

    /** @return the name of the plugin being installed */
    public String pluginName() {
        return name;
    }

    /**
     * The callback chains: register steps before, after or in place of named steps
     * ({@link dev.r2orm.callbacks.Steps}). Name them after the plugin ({@code "name:step"}).
     *
     * @return the database's chains
     */
    public Callbacks callbacks() {
        return db.callbacks();
    }

    /**
     * Wraps every operation the database runs from now on, outside the interceptors of plugins installed before.
     *
     * @param interceptor the interceptor
     * @return this setup
     * @throws IllegalStateException once {@link Plugin#initialize} has returned
     */
    public PluginSetup intercept(Interceptor interceptor) {
        check();
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
        return this;
    }

    /**
     * Wraps the connection factory statements and transactions take their connections from (the pool, or what an
     * earlier plugin made of it). The wrapper is called once, when the plugin is installed; the factory it returns is
     * asked for a connection with the Reactor context of the operation that needs it, so it can choose by what
     * interceptors put there. {@link Db#connectionFactory()} keeps returning the pool.
     *
     * @param wrapper gives the factory to use in place of the one it receives; must not return null
     * @return this setup
     * @throws IllegalStateException once {@link Plugin#initialize} has returned
     */
    public PluginSetup wrapConnectionFactory(UnaryOperator<ConnectionFactory> wrapper) {
        check();
        wrappers.add(Objects.requireNonNull(wrapper, "wrapper must not be null"));
        return this;
    }

    /**
     * Makes every operation record the application's code that called it ({@link Invocation#callSite()}): a stack
     * walk per call, meant for development (the N+1 detector uses it).
     *
     * @return this setup
     * @throws IllegalStateException once {@link Plugin#initialize} has returned
     */
    public PluginSetup recordCallSites() {
        check();
        callSites = true;
        return this;
    }

    boolean callSites() {
        return callSites;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("plugin '" + name + "': its setup is over; change the database in"
                    + " Plugin.initialize only");
        }
    }

    List<Interceptor> interceptors() {
        return interceptors;
    }

    List<UnaryOperator<ConnectionFactory>> wrappers() {
        return wrappers;
    }

    void close() {
        open = false;
    }
}
