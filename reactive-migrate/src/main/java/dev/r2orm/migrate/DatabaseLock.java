package dev.r2orm.migrate;

import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.internal.Executor;
import dev.r2orm.internal.RowLock;
import dev.r2orm.internal.RowMappers;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lock that keeps runners of one migrations table apart, under golang-migrate's keys so that the two tools
 * exclude each other, held on a connection of its own while the migrations run on another, and taken with a bounded
 * wait: it is tried every {@link RowLock#RETRY}, never waited for inside the server, so a waiting runner holds no
 * transaction that a file's {@code CREATE INDEX CONCURRENTLY} would wait for.
 * <ul>
 *   <li>PostgreSQL: {@code pg_try_advisory_lock} on both keys golang-migrate uses, the one its command line takes
 *       (database name with a leading {@code /}) and the one its library takes (without).</li>
 *   <li>MySQL and MariaDB: {@code GET_LOCK(key, 0)}.</li>
 *   <li>H2: a row of {@code "r2orm"."migrator_lock"} named after the schema and table.</li>
 * </ul>
 */
final class DatabaseLock {

    private DatabaseLock() {
    }

    /**
     * Runs work while holding the lock; freed on complete, error and cancel.
     *
     * @param executor the executor
     * @param tables the target, whose keys to lock
     * @param timeout the longest wait
     * @param work the work, given a connection that is not the lock's
     * @param <T> the element type
     * @return the work's elements, or {@link MigrationLockTimeoutException} when the wait ends
     */
    static <T> Flux<T> around(Executor executor, SchemaTables tables, Duration timeout,
            Function<Connection, ? extends Flux<T>> work) {
        if (tables.family == SchemaTables.Family.H2) {
            String key = "'migrate:' || CURRENT_SCHEMA || '." + tables.table.replace("'", "''") + "'";
            return RowLock.around(executor, key, timeout, () -> timedOut(tables, timeout), work);
        }
        Sql tryLock;
        Sql unlock;
        SqlWriter t = new SqlWriter(tables.dialect);
        SqlWriter u = new SqlWriter(tables.dialect);
        if (tables.family == SchemaTables.Family.POSTGRES) {
            long url = LockKeys.postgres("/" + tables.database, tables.schema, tables.table);
            long instance = LockKeys.postgres(tables.database, tables.schema, tables.table);
            tryLock = t.keyword("SELECT pg_try_advisory_lock(").bind(url).keyword(") AS a, pg_try_advisory_lock(")
                    .bind(instance).keyword(") AS b").toSql();
            unlock = u.keyword("SELECT pg_advisory_unlock(").bind(url).keyword(") AS a, pg_advisory_unlock(")
                    .bind(instance).keyword(") AS b").toSql();
        } else {
            String key = LockKeys.mysql(tables.database, tables.table);
            tryLock = t.keyword("SELECT GET_LOCK(").bind(key).keyword(", 0) AS a, 1 AS b").toSql();
            unlock = u.keyword("SELECT RELEASE_LOCK(").bind(key).keyword(") AS a").toSql();
        }
        // the unlock runs whenever the work ends, even when a cancel cut off the lock's own answer, and before the
        // lock's connection goes back to the pool
        return executor.withConnection(lock -> acquire(executor, lock, tryLock, unlock, tables, timeout)
                        .thenMany(executor.withConnection(work)),
                lock -> release(executor, lock, unlock));
    }

    private static Mono<Boolean> acquire(Executor executor, Connection lock, Sql tryLock, Sql unlock,
            SchemaTables tables, Duration timeout) {
        Mono<Boolean> once = executor.query(lock, tryLock, RowMappers.lowerCaseMap()).next()
                .flatMap(row -> {
                    boolean a = isTrue(row.get("a"));
                    boolean b = isTrue(row.get("b"));
                    if (a && b) {
                        return Mono.just(true);
                    }
                    // one of PostgreSQL's two keys was free: give it back before the next try
                    return a || b ? release(executor, lock, unlock).then(Mono.empty()) : Mono.empty();
                });
        return once.repeatWhenEmpty(tries -> tries.delayElements(RowLock.RETRY))
                .timeout(timeout, Mono.error(() -> timedOut(tables, timeout)));
    }

    private static Mono<Void> release(Executor executor, Connection lock, Sql unlock) {
        return executor.query(lock, unlock, RowMappers.lowerCaseMap()).then();
    }

    private static boolean isTrue(@Nullable Object v) {
        return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() == 1;
    }

    private static MigrationLockTimeoutException timedOut(SchemaTables tables, Duration timeout) {
        return new MigrationLockTimeoutException("another runner (r2orm or golang-migrate) held the lock of "
                + tables.schema + "." + tables.table + " for more than " + timeout.toMillis()
                + " ms; nothing was changed (raise lockTimeout, or check for a runner that hangs)");
    }
}
