package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import dev.r2orm.Statement;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.From;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.Where;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The row locks of each dialect, run with raw R2DBC inside transactions on the real database: every form the dialect
 * renders executes and returns the rows, every other form fails at render, and a second transaction sees the first
 * one's locks ({@code SKIP LOCKED} leaves the row out, {@code NOWAIT} fails at once).
 */
class LockingSqlIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TABLE = "lock_items";

    private static final List<Locking> FORMS = List.of(
            Locking.forUpdate(),
            Locking.forUpdate().noWait(),
            Locking.forUpdate().skipLocked(),
            Locking.forShare(),
            Locking.forShare().noWait(),
            Locking.forShare().skipLocked(),
            Locking.forUpdate().of(TABLE),
            Locking.forShare().of(TABLE).noWait(),
            Locking.forUpdate().of(TABLE).skipLocked());

    /** What each database does not take: H2 has no shared row locks; only PostgreSQL takes {@code OF}. */
    private static boolean supported(TestDatabase target, Locking locking) {
        switch (target) {
            case POSTGRESQL:
                return true;
            case H2:
                return locking.strength() == Locking.Strength.UPDATE && locking.tables().isEmpty();
            default:
                return locking.tables().isEmpty();
        }
    }

    /** Creates the table with ids 1, 2, 3 and returns the dialect, refined by a first connection. */
    private static Dialect prepare(Db db) {
        db.migrator().hasTable(TABLE).block(TIMEOUT);
        Mono.usingWhen(Mono.from(db.connectionFactory().create()),
                        c -> exec(c, "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, n integer)")
                                .then(exec(c, "INSERT INTO " + TABLE + " (id, n) VALUES (1, 10), (2, 20), (3, 30)")),
                        Connection::close)
                .block(TIMEOUT);
        return db.dialect();
    }

    private static Mono<Long> exec(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    /** {@code SELECT * FROM lock_items WHERE id <= ? ORDER BY id LIMIT 10 FOR ...}. */
    private static Sql select(Dialect dialect, String condition, long id, Locking locking) {
        return Statement.of(TABLE, null)
                .with(Select.ALL)
                .with(new From(TABLE))
                .with(Where.of(Expr.of(condition, id)))
                .with(new OrderBy(List.of(new OrderBy.Item(Column.of("id"), false))))
                .with(new Limit(10, 0))
                .with(locking)
                .render(dialect, Statement.SELECT);
    }

    private static Mono<List<Long>> ids(Connection c, Sql sql) {
        return Mono.defer(() -> {
            io.r2dbc.spi.Statement st = c.createStatement(sql.sql());
            for (int i = 0; i < sql.binds().size(); i++) {
                st.bind(i, sql.binds().get(i));
            }
            return Flux.from(st.execute())
                    .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class)))
                    .collectList();
        });
    }

    /** Runs the work on its own connection in a transaction that is rolled back on every path. */
    private static <T> Mono<T> inTransaction(Db db, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(Mono.from(db.connectionFactory().create()),
                c -> Mono.usingWhen(Mono.from(c.beginTransaction()).thenReturn(c), work,
                        tx -> c.rollbackTransaction(),
                        (tx, e) -> c.rollbackTransaction(),
                        tx -> c.rollbackTransaction()),
                Connection::close);
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB, TestDatabase.MYSQL})
    void everyFormTheDialectRendersRunsInATransactionAndTheOthersFailAtRender(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        for (Locking locking : FORMS) {
            if (!supported(target, locking)) {
                assertThatThrownBy(() -> select(dialect, "id <= ?", 2, locking))
                        .as("%s on %s", locking, target)
                        .isInstanceOf(UnsupportedByDialectException.class)
                        .hasMessageStartingWith(dialect.name() + " does not support ");
                continue;
            }
            Sql sql = select(dialect, "id <= ?", 2, locking);
            assertThat(inTransaction(db, c -> ids(c, sql)).block(TIMEOUT)).as(sql.sql()).containsExactly(1L, 2L);
        }
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB, TestDatabase.MYSQL})
    void anotherTransactionsUpdateLockIsSkippedOrFailsAtOnce(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        Sql lockFirst = select(dialect, "id = ?", 1, Locking.forUpdate());
        Sql skipLocked = select(dialect, "id <= ?", 3, Locking.forUpdate().skipLocked());
        Sql noWait = select(dialect, "id = ?", 1, Locking.forUpdate().noWait());
        List<Long> skipped = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();

        inTransaction(db, a -> ids(a, lockFirst)
                .doOnNext(locked -> assertThat(locked).containsExactly(1L))
                .then(inTransaction(db, b -> ids(b, skipLocked)
                        .doOnNext(skipped::addAll)
                        .then(ids(b, noWait))
                        .then(Mono.<Void>error(new AssertionError("FOR UPDATE NOWAIT did not fail: " + noWait)))
                        .onErrorResume(R2dbcException.class, e -> Mono.fromRunnable(() -> failed.set(e))))))
                .block(TIMEOUT);

        assertThat(skipped).containsExactly(2L, 3L);
        assertThat(failed.get()).isInstanceOf(R2dbcException.class);
    }

    @DatabaseTest({TestDatabase.POSTGRESQL, TestDatabase.MARIADB, TestDatabase.MYSQL})
    void aShareLockLetsOtherSharersInAndKeepsWritersOut(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        Sql shareFirst = select(dialect, "id = ?", 1, Locking.forShare());
        Sql shareNoWait = select(dialect, "id = ?", 1, Locking.forShare().noWait());
        Sql updateSkipLocked = select(dialect, "id <= ?", 3, Locking.forUpdate().skipLocked());
        Sql updateNoWait = select(dialect, "id = ?", 1, Locking.forUpdate().noWait());
        List<Long> shared = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();

        inTransaction(db, a -> ids(a, shareFirst)
                .then(inTransaction(db, b -> ids(b, shareNoWait)
                        .doOnNext(shared::addAll)
                        .then(ids(b, updateSkipLocked))
                        .doOnNext(skipped::addAll)
                        .then(ids(b, updateNoWait))
                        .then(Mono.<Void>error(new AssertionError("FOR UPDATE NOWAIT did not fail: " + updateNoWait)))
                        .onErrorResume(R2dbcException.class, e -> Mono.fromRunnable(() -> failed.set(e))))))
                .block(TIMEOUT);

        assertThat(shared).containsExactly(1L);
        assertThat(skipped).containsExactly(2L, 3L);
        assertThat(failed.get()).isInstanceOf(R2dbcException.class);
    }
}
