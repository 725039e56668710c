package dev.r2orm.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Finds the connection of the Spring reactive transaction open for a connection factory, as Spring's
 * {@code ConnectionFactoryUtils} does, and keeps r2orm's state of it (its savepoint names, its writes in flight) among
 * the transaction's resources. Loaded only when Spring is present ({@link SpringTransactions}).
 */
final class SpringJoin {

    private SpringJoin() {
    }

    static Mono<TxState> joined(ConnectionFactory factory, Object key) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .flatMap(spring -> {
                    if (!(spring.getResource(factory) instanceof ConnectionHolder holder)) {
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
}
