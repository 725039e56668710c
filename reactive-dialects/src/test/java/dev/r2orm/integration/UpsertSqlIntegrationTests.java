package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Values;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The upsert SQL of each dialect, executed on its real database with raw R2DBC: a seeded row, then one multi-row
 * upsert holding a colliding row and a new one, then every row read back.
 */
class UpsertSqlIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TABLE = "upsert_items";
    private static final List<String> COLUMNS = List.of("id", "name", "count", "note");
    private static final List<Class<?>> TYPES = List.of(Long.class, String.class, Integer.class, String.class);
    private static final List<String> KEYS = List.of("id");

    /** One row of the table. */
    record Item(long id, String name, @Nullable Integer count, @Nullable String note) {
    }

    private static Item item(long id, String name, @Nullable Integer count, @Nullable String note) {
        return new Item(id, name, count, note);
    }

    private static List<@Nullable Object> row(long id, String name, @Nullable Integer count, @Nullable String note) {
        return Arrays.asList(id, name, count, note);
    }

    /** Creates the table with row (1, 'a', 10, 'x') and returns the dialect, refined by a first connection. */
    private static Dialect prepare(Db db) {
        db.migrator().hasTable(TABLE).block(TIMEOUT);
        execute(db, new Sql("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, name varchar(50) NOT NULL UNIQUE,"
                + " count integer, note varchar(50))", List.of(), List.of()));
        SqlWriter seed = new SqlWriter(db.dialect());
        new Insert(TABLE, COLUMNS).build(seed);
        seed.keyword(" ");
        new Values(List.of(row(1, "a", 10, "x")), TYPES).build(seed);
        execute(db, seed.toSql());
        assertThat(readBack(db)).containsExactly(item(1, "a", 10, "x"));
        return db.dialect();
    }

    /** The insert of the rows with the upsert: the whole {@code MERGE} on H2, INSERT ... with the clause elsewhere. */
    private static Sql upsert(Dialect dialect, OnConflict onConflict, List<List<@Nullable Object>> rows) {
        Insert insert = new Insert(TABLE, COLUMNS);
        Values values = new Values(rows, TYPES);
        SqlWriter w = new SqlWriter(dialect);
        if (dialect.upsertReplacesInsert()) {
            dialect.merge(w, insert, values, onConflict, KEYS);
        } else {
            insert.build(w);
            w.keyword(" ");
            values.build(w);
            w.keyword(" ");
            onConflict.forInsert(COLUMNS, KEYS).build(w);
        }
        return w.toSql();
    }

    private static void execute(Db db, Sql sql) {
        Mono.usingWhen(Mono.from(db.connectionFactory().create()), c -> run(c, sql), Connection::close)
                .block(TIMEOUT);
    }

    private static Mono<Long> run(Connection c, Sql sql) {
        return Mono.defer(() -> runNow(c, sql));
    }

    private static Mono<Long> runNow(Connection c, Sql sql) {
        Statement st = c.createStatement(sql.sql());
        for (int i = 0; i < sql.binds().size(); i++) {
            Object v = sql.binds().get(i);
            if (v == null) {
                st.bindNull(i, sql.types().get(i));
            } else {
                st.bind(i, v);
            }
        }
        return Flux.from(st.execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }

    private static List<Item> readBack(Db db) {
        SqlWriter w = new SqlWriter(db.dialect());
        w.keyword("SELECT ").identifier("id").keyword(",").identifier("name").keyword(",").identifier("count")
                .keyword(",").identifier("note").keyword(" FROM ").identifier(TABLE).keyword(" ORDER BY ")
                .identifier("id");
        String sql = w.toSql().sql();
        return Flux.usingWhen(Mono.from(db.connectionFactory().create()),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.map((row, meta) -> item(row.get(0, Long.class),
                                        row.get(1, String.class), row.get(2, Integer.class),
                                        row.get(3, String.class)))),
                        Connection::close)
                .collectList()
                .block(TIMEOUT);
    }

    /** {@code "upsert_items"."count"} in the dialect's quotes, as SQL text for an {@link Expr}. */
    private static String qualifiedCount(Dialect dialect) {
        char q = dialect.quoteChar();
        return q + TABLE + q + "." + q + "count" + q;
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void doNothingLeavesTheExistingRowAndInsertsTheNewOne(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.doNothing(),
                List.of(row(1, "a2", 5, "y"), row(2, "b", 1, null))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 10, "x"), item(2, "b", 1, null));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void doNothingOnAUniqueKeyTarget(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.doNothing().on("name"),
                List.of(row(3, "a", 5, "y"), row(4, "d", 2, "w"))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 10, "x"), item(4, "d", 2, "w"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void doNothingWithoutATargetIgnoresAnyUniqueKeyExceptOnH2(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        Sql sql = upsert(dialect, OnConflict.doNothing(), List.of(row(3, "a", 5, "y"), row(4, "d", 2, "w")));

        if (target == TestDatabase.H2) {
            // MERGE matches on the primary key only: the name collides
            assertThatThrownBy(() -> execute(db, sql)).isInstanceOf(R2dbcDataIntegrityViolationException.class);
            assertThat(readBack(db)).containsExactly(item(1, "a", 10, "x"));
        } else {
            execute(db, sql);
            assertThat(readBack(db)).containsExactly(item(1, "a", 10, "x"), item(4, "d", 2, "w"));
        }
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void updateColumnsChangesOnlyThoseColumns(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.updateColumns("note"),
                List.of(row(1, "a2", 5, "y"), row(2, "b", 1, "z"))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 10, "y"), item(2, "b", 1, "z"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void updateColumnsOnAUniqueKeyTargetKeepsTheExistingKey(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.updateColumns("count", "note").on("name"),
                List.of(row(7, "a", 5, null), row(8, "h", 2, "n"))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 5, null), item(8, "h", 2, "n"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void assignmentsTakeExpressionsOnTheExistingRowAndBoundValues(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("count", Expr.of(qualifiedCount(dialect) + " + ?", 1));
        text.put("note", "assigned");
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("count", Expr.of("? + ?", new Column(TABLE, "count"), 100));

        execute(db, upsert(dialect, OnConflict.assign(text), List.of(row(1, "a2", 5, "y"), row(2, "b", 1, "z"))));
        assertThat(readBack(db)).containsExactly(item(1, "a", 11, "assigned"), item(2, "b", 1, "z"));

        execute(db, upsert(dialect, OnConflict.assign(column), List.of(row(1, "a3", 5, "y"), row(2, "b2", 3, "v"))));
        assertThat(readBack(db)).containsExactly(item(1, "a", 111, "assigned"), item(2, "b", 101, "z"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void anUnqualifiedColumnInAnAssignmentIsAmbiguousOnPostgresAndH2(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        char q = dialect.quoteChar();
        Sql sql = upsert(dialect, OnConflict.assign(Map.of("count", Expr.of(q + "count" + q + " + ?", 1))),
                List.of(row(1, "a2", 5, "y")));

        if (target.isMySqlFamily()) {
            execute(db, sql);
            assertThat(readBack(db)).containsExactly(item(1, "a", 11, "x"));
        } else {
            assertThatThrownBy(() -> execute(db, sql)).isInstanceOf(R2dbcBadGrammarException.class)
                    .hasMessageContaining("mbiguous");
        }
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void aNullAssignmentClearsTheColumn(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);
        Map<String, Object> set = new HashMap<>();
        set.put("note", null);

        execute(db, upsert(dialect, OnConflict.assign(set), List.of(row(1, "a2", 5, "y"))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 10, null));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void updateAllCopiesEveryColumnButTheKeyNullsIncluded(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.updateAll(),
                List.of(row(1, "a2", null, null), row(2, "b", null, "z"))));

        assertThat(readBack(db)).containsExactly(item(1, "a2", null, null), item(2, "b", null, "z"));
    }

    @DatabaseTest({TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB,
            TestDatabase.MARIADB_WITHOUT_RETURNING, TestDatabase.MYSQL})
    void updateAllOnAUniqueKeyTargetLeavesTheKeyAndTheTarget(Db db, TestDatabase target) {
        Dialect dialect = prepare(db);

        execute(db, upsert(dialect, OnConflict.updateAll().on("name"),
                List.of(row(9, "a", 3, "u"), row(2, "b", 4, "v"), row(3, "c", 5, null))));

        assertThat(readBack(db)).containsExactly(item(1, "a", 3, "u"), item(2, "b", 4, "v"), item(3, "c", 5, null));
    }
}
