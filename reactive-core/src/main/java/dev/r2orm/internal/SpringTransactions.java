package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Spring reactive transactions and r2orm's, both ways, told without touching Spring's classes when Spring is absent
 * (r2orm then runs unchanged): whether a Spring transaction may be open in a Reactor context, the one r2orm joins when
 * it is open for its connection factory, and r2orm's own transaction exposed to Spring code ({@link SpringJoin}).
 */
final class SpringTransactions {

    /** Spring's context key of an open transaction's context, or null when spring-r2dbc is absent. */
    private static final @Nullable Class<?> CONTEXT_KEY = springContextKey();

    private SpringTransactions() {
    }

    /**
     * Whether the context may hold a Spring reactive transaction: cheap, a key look-up.
     *
     * @param ctx the subscriber's context
     * @return false when Spring is absent or no Spring transaction context is in {@code ctx}
     */
    static boolean mayBeOpen(ContextView ctx) {
        Class<?> key = CONTEXT_KEY;
        return key != null && ctx.hasKey(key);
    }

    /**
     * The r2orm transaction state over the connection of the Spring transaction open for {@code factory}, made once
     * per Spring transaction and kept among its resources. Must be subscribed in the context it was asked for.
     *
     * @param factory the connection factory the Spring transaction must be bound to (the same instance)
     * @param key the key r2orm keeps its state under, one per executor
     * @return the state; empty when no Spring transaction is open for that factory
     */
    static Mono<TxState> joined(ConnectionFactory factory, Object key) {
        return SpringJoin.joined(factory, key);
    }

    /**
     * Lets Spring code run inside an r2orm transaction join it: with Spring present, the work runs in a Spring
     * transaction context of its own where {@code connection} is the active transaction's connection for
     * {@code factory}, as {@code DatabaseClient} and Spring Data look it up ({@code ConnectionFactoryUtils}); they run
     * their statements on it and leave it open. Without Spring the work is returned as it is.
     *
     * @param work the transaction's work
     * @param connection the transaction's connection
     * @param factory the connection factory Spring code asks for connections (the same instance)
     * @param <R> the element type
     * @return the work, exposed to Spring
     */
    static <R> Flux<R> exposed(Flux<R> work, Connection connection, ConnectionFactory factory) {
        return CONTEXT_KEY == null ? work : SpringJoin.exposed(work, connection, factory);
    }

    private static @Nullable Class<?> springContextKey() {
        try {
            ClassLoader loader = SpringTransactions.class.getClassLoader();
            Class.forName("org.springframework.r2dbc.connection.ConnectionHolder", false, loader);
            return Class.forName("org.springframework.transaction.reactive.TransactionContext", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
