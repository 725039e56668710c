package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds the connection of the Spring reactive transaction open for a connection factory, as Spring's
 * {@code ConnectionFactoryUtils} does, and keeps r2orm's state of it (its savepoint names, its writes in flight) among
 * the transaction's resources; and binds r2orm's own transaction's connection where Spring code looks for it. Loaded
 * only when Spring is present ({@link SpringTransactions}).
 */
final class SpringJoin {

    private SpringJoin() {
    }

    /** See {@link SpringTransactions#joined}. */
    static Mono<TxState> joined(ConnectionFactory factory, Object key) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .flatMap(spring -> {
                    // an r2orm transaction shown to Spring code is not joined by another Db: each has its own
                    if (!(spring.getResource(factory) instanceof ConnectionHolder holder) || holder instanceof Exposed) {
                        return Mono.empty();
                    }
                    Connection connection = holder.getConnection();
                    if (spring.getResource(key) instanceof TxState known && known.connection() == connection) {
                        return Mono.just(known);
                    }
                    TxState state = new TxState(connection);
                    spring.unbindResourceIfPossible(key);
                    spring.bindResource(key, state);
                    return Mono.just(state);
                })
                .onErrorResume(NoTransactionException.class, e -> Mono.empty());
    }

    /** See {@link SpringTransactions#exposed}. */
    static <R> Flux<R> exposed(Flux<R> work, Connection connection, ConnectionFactory factory) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMapMany(spring -> {
                    spring.bindResource(factory, new Exposed(connection));
                    spring.setActualTransactionActive(true);
                    return work;
                })
                .contextWrite(TransactionContextManager.createTransactionContext())
                .contextWrite(TransactionContextManager.getOrCreateContextHolder());
    }

    /** The connection of an r2orm transaction, bound where Spring code looks for the active transaction's. */
    private static final class Exposed extends ConnectionHolder {
        Exposed(Connection connection) {
            super(connection, true);
        }
    }
}
