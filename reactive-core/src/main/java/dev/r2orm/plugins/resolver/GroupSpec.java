package dev.r2orm.plugins.resolver;

import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The servers of one group of {@link Resolver}: its sources (by default the database's own pool), its replicas, the
 * tables and models it serves, and its policy. Replicas and sources are given as connection factories (pooled ones:
 * the resolver does not pool them, nor close them) or as URLs (the resolver opens a pool for each with the database's
 * configuration, and closes it with the database).
 */
public final class GroupSpec {

    final String name;
    final List<Object> sources = new ArrayList<>();
    final List<Object> replicas = new ArrayList<>();
    final Set<String> tables = new LinkedHashSet<>();
    final Set<Class<?>> models = new LinkedHashSet<>();
    @Nullable Policy policy;

    GroupSpec(String name) {
        this.name = name;
    }

    /**
     * Adds sources: writes, transactions and forced reads go to them.
     *
     * @param factories pooled connection factories
     * @return this spec
     */
    public GroupSpec sources(ConnectionFactory... factories) {
        return add(sources, factories);
    }

    /**
     * Adds sources by URL ({@code r2dbc:postgresql://...}).
     *
     * @param urls R2DBC URLs
     * @return this spec
     */
    public GroupSpec sources(String... urls) {
        return add(sources, urls);
    }

    /**
     * Adds replicas: reads go to them.
     *
     * @param factories pooled connection factories
     * @return this spec
     */
    public GroupSpec replicas(ConnectionFactory... factories) {
        return add(replicas, factories);
    }

    /**
     * Adds replicas by URL.
     *
     * @param urls R2DBC URLs
     * @return this spec
     */
    public GroupSpec replicas(String... urls) {
        return add(replicas, urls);
    }

    /**
     * Routes operations on these tables through this group.
     *
     * @param names table names
     * @return this spec
     */
    public GroupSpec tables(String... names) {
        for (String t : names) {
            tables.add(Objects.requireNonNull(t, "table must not be null").toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /**
     * Routes operations on these models through this group.
     *
     * @param types model classes
     * @return this spec
     */
    public GroupSpec models(Class<?>... types) {
        for (Class<?> t : types) {
            models.add(Objects.requireNonNull(t, "model must not be null"));
        }
        return this;
    }

    /**
     * Chooses among this group's replicas and sources ({@link Policy#roundRobin()} by default).
     *
     * @param policy the policy
     * @return this spec
     */
    public GroupSpec policy(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        return this;
    }

    private GroupSpec add(List<Object> to, Object[] items) {
        for (Object o : items) {
            to.add(Objects.requireNonNull(o, "a source or replica must not be null"));
        }
        return this;
    }
}
