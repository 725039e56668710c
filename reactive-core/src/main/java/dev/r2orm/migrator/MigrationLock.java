package dev.r2orm.migrator;

import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowLock;
import dev.r2orm.internal.RowMappers;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lock that keeps migrators of one schema apart, taken with a bounded wait. Where the database has a session lock
 * (PostgreSQL's advisory locks, MySQL's {@code GET_LOCK}) it is tried every {@link #RETRY} on the connection the
 * migration then runs on, and freed on complete, error and cancel. Elsewhere (H2) the current schema's row of the
 * table {@code "r2orm"."migrator_lock"} is locked {@code FOR UPDATE} in a transaction of a second connection, rolled
 * back to free it; the schema {@code r2orm}, the table and the row are created the first time, outside the user's
 * schema so that they never show among its tables.
 */
final class MigrationLock {

    static final Duration RETRY = Duration.ofMillis(50);

    private MigrationLock() {
    }

    static <T> Flux<T> around(Executor executor, Duration timeout, Function<Connection, Flux<T>> work) {
        Ddl ddl = executor.dialect().ddl();
        Sql tryLock = ddl.tryLockSql();
        Sql unlock = ddl.unlockSql();
        if (tryLock == null || unlock == null) {
            return withLockRow(executor, timeout, work);
        }
        // the unlock runs whenever the work ends, even when a cancel cut off the lock's own answer
        return executor.withConnection(
                c -> acquire(executor, c, tryLock, timeout).thenMany(Flux.defer(() -> work.apply(c))),
                c -> release(executor, c, unlock));
    }

    private static Mono<Boolean> acquire(Executor executor, Connection c, Sql tryLock, Duration timeout) {
        Mono<Boolean> once = executor.query(c, tryLock, RowMappers.scalar(Object.class))
                .next()
                .map(v -> v instanceof Boolean b ? b : v instanceof Number n && n.intValue() == 1)
                .filter(Boolean::booleanValue);
        return once.repeatWhenEmpty(tries -> tries.delayElements(RETRY))
                .timeout(timeout, Mono.error(() -> timedOut(timeout)));
    }

    private static Mono<Void> release(Executor executor, Connection c, Sql unlock) {
        return executor.query(c, unlock, RowMappers.scalar(Object.class)).then();
    }

    private static MigrationLockException timedOut(Duration timeout) {
        return new MigrationLockException("another migrator held the schema's migration lock for more than "
                + timeout.toMillis() + " ms; nothing was changed (raise Migrator.lockTimeout to wait longer)");
    }

    private static <T> Flux<T> withLockRow(Executor executor, Duration timeout, Function<Connection, Flux<T>> work) {
        return RowLock.around(executor, "CURRENT_SCHEMA", timeout, () -> timedOut(timeout), work);
    }
}
