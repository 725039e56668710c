package dev.r2orm.internal;

import dev.r2orm.clause.Sql;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A lock for databases without session locks (H2): one row of the table {@code "r2orm"."migrator_lock"}, locked
 * {@code FOR UPDATE} in a transaction of a connection of its own and rolled back to free it. The schema {@code r2orm},
 * the table and the row are created the first time, outside the user's schema so that they never show among its
 * tables. The wait is bounded: the row is tried every {@link #RETRY} until the timeout.
 */
public final class RowLock {

    /** How long one try waits for the row before the next. */
    public static final Duration RETRY = Duration.ofMillis(50);

    private static final String TABLE = "\"r2orm\".\"migrator_lock\"";
    private static final Sql EXISTS = Sql.of("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
            + " WHERE TABLE_SCHEMA = 'r2orm' AND TABLE_NAME = 'migrator_lock'");

    private RowLock() {
    }

    /**
     * Runs work while holding the row named by {@code key}; the lock is freed when the work completes, fails or is
     * cancelled.
     *
     * @param executor the executor whose connections to use
     * @param key an SQL expression naming the row, written by r2orm (never from user input)
     * @param timeout the longest wait for the row
     * @param timedOut the error signalled when the wait ends without the row
     * @param work the work, given a connection of its own (not the lock's)
     * @param <T> the element type
     * @return the work's elements; the {@code timedOut} error when the wait ends, the translated error of a lock
     *     statement, or the work's error
     */
    public static <T> Flux<T> around(Executor executor, String key, Duration timeout,
            Supplier<? extends Throwable> timedOut, Function<Connection, ? extends Flux<T>> work) {
        Sql select = Sql.of("SELECT \"name\" FROM " + TABLE + " WHERE \"name\" = " + key + " FOR UPDATE");
        Sql schema = Sql.of("CREATE SCHEMA IF NOT EXISTS \"r2orm\"");
        Sql create = Sql.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (\"name\" varchar(256) PRIMARY KEY)");
        Sql row = Sql.of("MERGE INTO " + TABLE + " KEY (\"name\") VALUES (" + key + ")");
        Sql shortWait = Sql.of("SET LOCK_TIMEOUT " + RETRY.toMillis());
        Mono<Connection> open = Mono.from(executor.factory().create());
        return Flux.usingWhen(open,
                lock -> Mono.from(lock.beginTransaction())
                        .then(executor.update(lock, shortWait))
                        .then(lockRow(executor, lock, select, List.of(schema, create, row))
                                .timeout(timeout, Mono.error(timedOut)))
                        .thenMany(executor.withConnection(work)),
                lock -> Mono.from(lock.rollbackTransaction()).then(Mono.from(lock.close())),
                (lock, e) -> Mono.from(lock.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(lock.close())),
                lock -> Mono.from(lock.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(lock.close())));
    }

    /**
     * Locks the row, creating the table and the row when missing; retried while another holder has it. The catalog
     * is asked first, so that a first run does not log a failed statement.
     */
    private static Mono<Boolean> lockRow(Executor executor, Connection lock, Sql select, List<Sql> setUp) {
        Mono<Void> created = executor.query(lock, EXISTS, RowMappers.scalar(Number.class)).single()
                .flatMap(n -> n.longValue() > 0 ? Mono.<Void>empty()
                        : executor.withConnection(c -> Flux.fromIterable(setUp).concatMap(s -> executor.update(c, s)))
                                .then());
        Mono<Boolean> once = executor.query(lock, select, RowMappers.scalar(Object.class)).hasElements()
                .onErrorResume(e -> isMissingTable(e) ? Mono.just(false) : Mono.error(e))
                .flatMap(found -> found ? Mono.just(true)
                        : executor.withConnection(c -> Flux.fromIterable(setUp).concatMap(s -> executor.update(c, s)))
                                .then(Mono.just(false)))
                .onErrorResume(RowLock::isLockTimeout, e -> Mono.just(false))
                .filter(Boolean::booleanValue);
        return created.then(once.repeatWhenEmpty(tries -> tries.delayElements(RETRY)));
    }

    /** H2 says a table or schema is missing with SQLSTATE 42S02 or 42S04 (empty database) or 90079 (schema). */
    private static boolean isMissingTable(Throwable e) {
        return hasState(e, Set.of("42S02", "42S04", "90079"));
    }

    /** H2 gives up waiting for a row lock with SQLSTATE HYT00. */
    private static boolean isLockTimeout(Throwable e) {
        return hasState(e, Set.of("HYT00"));
    }

    private static boolean hasState(Throwable e, Set<String> states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.r2dbc.spi.R2dbcException r && r.getSqlState() != null
                    && states.contains(r.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
