package dev.r2orm.migrator;

import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowMappers;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
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
    static final String TABLE = "\"r2orm\".\"migrator_lock\"";

    private MigrationLock() {
    }

    static <T> Flux<T> around(Executor executor, Duration timeout, Function<Connection, Flux<T>> work) {
        Ddl ddl = executor.dialect().ddl();
        Sql tryLock = ddl.tryLockSql();
        Sql unlock = ddl.unlockSql();
        if (tryLock == null || unlock == null) {
            return withLockRow(executor, timeout, work);
        }
        return executor.withConnection(c -> Flux.usingWhen(
                acquire(executor, c, tryLock, timeout),
                locked -> work.apply(c),
                locked -> release(executor, c, unlock),
                (locked, e) -> release(executor, c, unlock),
                locked -> release(executor, c, unlock)));
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
        Sql select = Sql.of("SELECT \"name\" FROM " + TABLE + " WHERE \"name\" = CURRENT_SCHEMA FOR UPDATE");
        Sql schema = Sql.of("CREATE SCHEMA IF NOT EXISTS \"r2orm\"");
        Sql create = Sql.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (\"name\" varchar(256) PRIMARY KEY)");
        Sql row = Sql.of("MERGE INTO " + TABLE + " KEY (\"name\") VALUES (CURRENT_SCHEMA)");
        Sql shortWait = Sql.of("SET LOCK_TIMEOUT " + RETRY.toMillis());
        Mono<Connection> open = Mono.from(executor.factory().create());
        return Flux.usingWhen(open,
                lock -> Mono.from(lock.beginTransaction())
                        .then(executor.update(lock, shortWait))
                        .then(lockRow(executor, lock, select, List.of(schema, create, row))
                                .timeout(timeout, Mono.error(() -> timedOut(timeout))))
                        .thenMany(executor.withConnection(work)),
                lock -> Mono.from(lock.rollbackTransaction()).then(Mono.from(lock.close())),
                (lock, e) -> Mono.from(lock.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(lock.close())),
                lock -> Mono.from(lock.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(lock.close())));
    }

    /** Locks the row, creating the table and the row when missing; retried while another holder has it. */
    private static Mono<Boolean> lockRow(Executor executor, Connection lock, Sql select, List<Sql> setUp) {
        Mono<Boolean> once = executor.query(lock, select, RowMappers.scalar(Object.class)).hasElements()
                .onErrorResume(e -> isMissingTable(e) ? Mono.just(false) : Mono.error(e))
                .flatMap(found -> found ? Mono.just(true)
                        : executor.withConnection(c -> Flux.fromIterable(setUp).concatMap(s -> executor.update(c, s)))
                                .then(Mono.just(false)))
                .onErrorResume(MigrationLock::isLockTimeout, e -> Mono.just(false))
                .filter(Boolean::booleanValue);
        return once.repeatWhenEmpty(tries -> tries.delayElements(RETRY));
    }

    /** H2 says a table or schema is missing with SQLSTATE 42S02 or 42S04 (empty database) or 90079 (schema). */
    private static boolean isMissingTable(Throwable e) {
        return hasState(e, java.util.Set.of("42S02", "42S04", "90079"));
    }

    /** H2 gives up waiting for a row lock with SQLSTATE HYT00. */
    private static boolean isLockTimeout(Throwable e) {
        return hasState(e, java.util.Set.of("HYT00"));
    }

    private static boolean hasState(Throwable e, java.util.Set<String> states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.r2dbc.spi.R2dbcException r && r.getSqlState() != null
                    && states.contains(r.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
