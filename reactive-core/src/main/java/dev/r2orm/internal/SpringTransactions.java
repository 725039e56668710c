package dev.r2orm.internal;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;
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
     * The transaction r2orm's work runs in, where Spring transactions may be open: the innermost of r2orm's own and
     * the Spring transaction open for {@code factory}. A Spring transaction begun inside r2orm's
     * ({@code REQUIRES_NEW}) or open with none of r2orm's is joined: r2orm's state over its connection, made once per
     * Spring transaction and connection and kept among its resources, read-only when Spring's is. A transaction that
     * Spring suspended ({@code NOT_SUPPORTED}) is not used. Another {@code Db}'s r2orm transaction is never joined.
     *
     * @param ctx the subscriber's context, for which {@link #mayBeOpen} is true
     * @param factory the connection factory the Spring transaction must be bound to (the same instance)
     * @param key the key r2orm keeps its state under, one per executor
     * @param r2orm r2orm's own transaction in the context, or null
     * @return the transaction to run in, or null to run on a connection of its own
     */
    static @Nullable TxState current(ContextView ctx, ConnectionFactory factory, Object key, @Nullable TxState r2orm) {
        return SpringJoin.current(ctx, factory, key, r2orm);
    }

    /**
     * Lets Spring code run inside an r2orm transaction join it: with Spring present, the work runs in a Spring
     * transaction context of its own where the transaction's connection is the active transaction's connection for
     * {@code factory}, as {@code DatabaseClient} and Spring Data look it up ({@code ConnectionFactoryUtils}); they run
     * their statements on it and leave it open, and Spring's propagation (REQUIRED joins, REQUIRES_NEW suspends it,
     * NESTED makes a savepoint, NOT_SUPPORTED runs outside it) applies. When Spring code that took part failed and
     * marked the transaction rollback-only, the work ends with Spring's {@code UnexpectedRollbackException}, so the
     * transaction rolls back. Without Spring the work is returned as it is.
     *
     * @param work the transaction's work
     * @param tx the transaction
     * @param factory the connection factory Spring code asks for connections (the same instance)
     * @param <R> the element type
     * @return the work, exposed to Spring
     */
    static <R> Flux<R> exposed(Flux<R> work, TxState tx, ConnectionFactory factory) {
        return CONTEXT_KEY == null ? work : SpringJoin.exposed(work, tx, factory);
    }

    /**
     * The context writer of {@link #exposed}, for work subscribed on its own: {@code ctx} with a Spring transaction
     * context of its own where the transaction's connection is bound for {@code factory}. Spring code that marks it
     * rollback-only is not seen. Without Spring, {@code ctx} as it is.
     *
     * @param ctx the context
     * @param tx the transaction
     * @param factory the connection factory Spring code asks for connections (the same instance)
     * @return the context
     */
    static Context exposedContext(Context ctx, TxState tx, ConnectionFactory factory) {
        return CONTEXT_KEY == null ? ctx : SpringJoin.exposedContext(ctx, tx, factory);
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
