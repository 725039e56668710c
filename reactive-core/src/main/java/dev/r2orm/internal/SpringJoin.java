package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Finds the connection of the Spring reactive transaction open for a connection factory, as Spring's
 * {@code ConnectionFactoryUtils} does, and keeps r2orm's state of it (its savepoint names, its writes in flight) among
 * the transaction's resources; and binds r2orm's own transaction's connection where Spring code looks for it. Loaded
 * only when Spring is present ({@link SpringTransactions}).
 */
final class SpringJoin {

    /** Spring's key of the stack of transaction contexts, package-private in Spring. */
    private static final @Nullable Class<?> CONTEXT_HOLDER = contextHolderKey();

    private SpringJoin() {
    }

    private static @Nullable Class<?> contextHolderKey() {
        try {
            return Class.forName("org.springframework.transaction.reactive.TransactionContextHolder", false,
                    SpringJoin.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** See {@link SpringTransactions#current}. */
    static @Nullable TxState current(ContextView ctx, ConnectionFactory factory, Object key, @Nullable TxState r2orm) {
        TransactionContext spring = ctx.getOrDefault(TransactionContext.class, null);
        if (spring == null) {
            return r2orm;
        }
        Object resource = spring.getResources().get(factory);
        if (resource instanceof ConnectionHolder holder) {
            // an r2orm transaction shown to Spring code, this Db's or another's (never joined: each has its own); or
            // a connection Spring shares without a transaction (SUPPORTS), which may have none at the moment
            if (holder instanceof Exposed || !spring.isActualTransactionActive()) {
                return r2orm;
            }
            Connection connection = holder.getConnection();
            // Spring's transaction: r2orm's runs on its connection, or Spring's was begun inside it (REQUIRES_NEW)
            return r2orm != null && r2orm.connection() == connection ? r2orm : joined(spring, key, connection);
        }
        // Spring suspended the transaction r2orm runs in (NOT_SUPPORTED): the work runs outside it, as Spring's does
        boolean suspended = r2orm != null && (spring.getResources().containsKey(r2orm)
                || spring.getResources().containsKey(new JoinKey(key, r2orm.connection())));
        return suspended ? null : r2orm;
    }

    private static TxState joined(TransactionContext spring, Object key, Connection connection) {
        JoinKey join = new JoinKey(key, connection);
        if (spring.getResources().get(join) instanceof TxState known) {
            return known;
        }
        TxState state = new TxState(connection, spring.isCurrentTransactionReadOnly());
        Object raced = spring.getResources().putIfAbsent(join, state);
        return raced instanceof TxState first ? first : state;
    }

    /** See {@link SpringTransactions#exposed}. */
    static <R> Flux<R> exposed(Flux<R> work, TxState tx, ConnectionFactory factory) {
        Exposed holder = new Exposed(tx.connection());
        return work.contextWrite(ctx -> exposedContext(ctx, tx, factory, holder))
                // Spring code that took part and failed marked the transaction rollback-only, as Spring's own
                // transactions are: it does not commit, though the caller went on
                .concatWith(Mono.defer(() -> holder.isRollbackOnly()
                        ? Mono.error(new UnexpectedRollbackException("the transaction was rolled back because Spring"
                                + " code that took part in it failed and marked it rollback-only"))
                        : Mono.empty()));
    }

    /** See {@link SpringTransactions#exposedContext}. */
    static Context exposedContext(Context ctx, TxState tx, ConnectionFactory factory) {
        return exposedContext(ctx, tx, factory, new Exposed(tx.connection()));
    }

    private static Context exposedContext(Context ctx, TxState tx, ConnectionFactory factory, Exposed holder) {
        Context own = ownContext(ctx, factory);
        TransactionSynchronizationManager manager = new TransactionSynchronizationManager(
                own.get(TransactionContext.class));
        manager.bindResource(factory, holder);
        manager.bindResource(tx, tx); // tells a transaction Spring suspended from one never shown to it
        manager.setActualTransactionActive(true);
        manager.setCurrentTransactionReadOnly(tx.isReadOnly());
        return own;
    }

    /**
     * A Spring transaction context of the r2orm transaction's own, on a holder of its own where Spring's
     * {@code TransactionalOperator} and {@code @Transactional} find it: they take part in it rather than open a
     * context beside it. Spring transactions open for other connection factories stay visible in it.
     */
    private static Context ownContext(Context ctx, ConnectionFactory factory) {
        TransactionContext outer = ctx.getOrDefault(TransactionContext.class, null);
        Context fresh = TransactionContextManager.getOrCreateContextHolder().apply(CONTEXT_HOLDER == null ? ctx
                : ctx.delete(TransactionContext.class).delete(CONTEXT_HOLDER));
        fresh = (CONTEXT_HOLDER == null ? TransactionContextManager.createTransactionContext()
                : TransactionContextManager.getOrCreateContext()).apply(fresh);
        if (outer != null) {
            Map<Object, Object> resources = fresh.get(TransactionContext.class).getResources();
            outer.getResources().forEach((key, value) -> {
                if (key != factory && !(key instanceof JoinKey) && !(key instanceof TxState)) {
                    resources.put(key, value);
                }
            });
        }
        return fresh;
    }

    /** The state of a joined Spring transaction, one per r2orm executor and connection. */
    private record JoinKey(Object executor, Connection connection) {
    }

    /** The connection of an r2orm transaction, bound where Spring code looks for the active transaction's. */
    private static final class Exposed extends ConnectionHolder {
        Exposed(Connection connection) {
            super(connection, true);
        }
    }
}
