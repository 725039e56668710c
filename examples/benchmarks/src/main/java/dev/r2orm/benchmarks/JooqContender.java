package dev.r2orm.benchmarks;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep4;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * jOOQ's reactive API over R2DBC on the contender's pool ({@code DSL.using(pool, dialect)}), without code generation:
 * tables and fields named with {@code DSL.table}/{@code DSL.field} and typed with {@link SQLDataType}, records read by
 * position into {@link Bench} (MariaDB's {@code DATETIME} through a {@code Converter} from {@code LocalDateTime} in
 * UTC to {@code Instant}). Execute logging off (the other contenders log nothing either).
 *
 * <p>Forms: lookups, reads and streams {@code Flux.from(ctx.select(...).from(benches)...)}; updates
 * {@code ctx.update(benches).set(amount, v).where(id.eq(k))}; inserts ({@code jooq-values}) a multi-row
 * {@code insertInto(benches, ...).values(...)...returningResult(id)} of {@value RawContender#CHUNK} rows per statement
 * on one connection, keys back-filled (jOOQ's {@code batch} over R2DBC returns update counts only, no keys); preload
 * (W5, {@code jooq}) the parents, then {@code select ... where parent_id = any(?)} (an array, PostgreSQL) or
 * {@code in (?, ...)} on the same connection, children put into their parents' lists by hand, or
 * ({@code jooq-multiset}) one query with a {@code MULTISET} of each parent's children.
 */
final class JooqContender extends Contender {

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private static final Table<Record> BENCHES = DSL.table(DSL.name("benches"));
    private static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.VARCHAR(64));
    private static final Field<Long> AMOUNT = DSL.field(DSL.name("amount"), SQLDataType.BIGINT.notNull());
    private static final Field<Boolean> FLAG = DSL.field(DSL.name("flag"), SQLDataType.BOOLEAN.notNull());
    /** {@code TIMESTAMP WITH TIME ZONE} read as an {@code Instant}: PostgreSQL, H2. */
    private static final Field<Instant> AT_TZ = DSL.field(DSL.name("at"), SQLDataType.INSTANT);
    /** MariaDB's {@code DATETIME(6)}, UTC, converted to an {@code Instant}. */
    private static final Field<Instant> AT_UTC = DSL.field(DSL.name("at"), SQLDataType.LOCALDATETIME(6)
            .asConvertedDataType(Converter.ofNullable(LocalDateTime.class, Instant.class,
                    t -> t.toInstant(ZoneOffset.UTC), i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC))));

    private static final Table<Record> PARENTS = DSL.table(DSL.name("bench_parents"));
    private static final Table<Record> CHILDREN = DSL.table(DSL.name("bench_children"));
    private static final Field<Long> PARENT_ID = DSL.field(DSL.name("parent_id"), SQLDataType.BIGINT.notNull());
    private static final Field<Long> P_ID = DSL.field(DSL.name("bench_parents", "id"), SQLDataType.BIGINT);
    private static final Field<String> P_NAME = DSL.field(DSL.name("bench_parents", "name"), SQLDataType.VARCHAR(64));
    private static final Field<Long> C_ID = DSL.field(DSL.name("bench_children", "id"), SQLDataType.BIGINT);
    private static final Field<Long> C_PARENT_ID = DSL.field(DSL.name("bench_children", "parent_id"),
            SQLDataType.BIGINT.notNull());
    private static final Field<String> C_NAME = DSL.field(DSL.name("bench_children", "name"), SQLDataType.VARCHAR(64));
    private static final Field<Long> C_AMOUNT = DSL.field(DSL.name("bench_children", "amount"),
            SQLDataType.BIGINT.notNull());

    private final Field<Instant> at;
    private final SQLDialect dialect;
    private final Settings settings = new Settings().withExecuteLogging(false).withRenderFormatted(false);
    private final DSLContext ctx;
    private final boolean multiset;
    private List<Bench> toInsert = List.of();

    /**
     * jOOQ on a pool.
     *
     * @param db the database
     * @param pool the pool
     * @param multiset whether W5 reads the children as a {@code MULTISET} of each parent (form
     *     {@code jooq-multiset}) rather than in a second query
     */
    JooqContender(String db, ConnectionPool pool, boolean multiset) {
        super(db, pool);
        this.multiset = multiset;
        this.dialect = switch (db) {
            case "postgres" -> SQLDialect.POSTGRES;
            case "mariadb" -> SQLDialect.MARIADB;
            default -> SQLDialect.H2;
        };
        this.at = db.equals("mariadb") ? AT_UTC : AT_TZ;
        this.ctx = DSL.using(pool, dialect, settings);
    }

    private static Bench bench(Record5<Long, String, Long, Boolean, Instant> r) {
        Bench b = new Bench();
        b.id = r.value1();
        b.name = r.value2();
        Long amount = r.value3();
        b.amount = amount == null ? 0 : amount;
        Boolean flag = r.value4();
        b.flag = flag != null && flag;
        b.at = r.value5();
        return b;
    }

    @Override
    Mono<Long> lookup(long id) {
        return Mono.from(ctx.select(ID, NAME, AMOUNT, FLAG, at).from(BENCHES).where(ID.eq(id))).map(JooqContender::bench)
                .map(b -> Data.check(id, b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Data.Summary> readAll() {
        return Flux.from(ctx.select(ID, NAME, AMOUNT, FLAG, at).from(BENCHES)).map(JooqContender::bench).collectList()
                .map(Data.Summary::ofBenches);
    }

    @Override
    Mono<Data.Summary> stream() {
        return Flux.from(ctx.select(ID, NAME, AMOUNT, FLAG, at).from(BENCHES)).map(JooqContender::bench)
                .reduce(new Data.Summary(), (s, b) -> s.add(b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Families.Summary> preload() {
        return multiset ? preloadMultiset() : preloadTwoQueries();
    }

    /**
     * One query: {@code select p.id, p.name, multiset(select ... from bench_children c where c.parent_id = p.id)
     * from bench_parents p}, which jOOQ renders as a correlated JSON aggregate and decodes.
     */
    private Mono<Families.Summary> preloadMultiset() {
        var children = DSL.multiset(DSL.select(C_ID, C_PARENT_ID, C_NAME, C_AMOUNT).from(CHILDREN)
                .where(C_PARENT_ID.eq(P_ID)));
        return Flux.from(ctx.select(P_ID, P_NAME, children).from(PARENTS)).map(r -> {
            BenchParent p = new BenchParent();
            p.id = r.value1();
            p.name = r.value2();
            List<BenchChild> list = new ArrayList<>(Families.CHILDREN);
            for (Record4<Long, Long, String, Long> c : r.value3()) {
                BenchChild ch = new BenchChild();
                ch.id = c.value1();
                ch.parentId = c.value2();
                ch.name = c.value3();
                ch.amount = c.value4();
                list.add(ch);
            }
            p.children = list;
            return p;
        }).collectList().map(Families.Summary::ofParents);
    }

    /** The parents, then their children in one query on the same connection, grouped by hand. */
    private Mono<Families.Summary> preloadTwoQueries() {
        return Mono.usingWhen(pool.create(), c -> {
            DSLContext cx = DSL.using(c, dialect, settings);
            return Flux.from(cx.select(ID, NAME).from(PARENTS)).map((Record2<Long, String> r) -> {
                BenchParent p = new BenchParent();
                p.id = r.value1();
                p.name = r.value2();
                p.children = new ArrayList<>(Families.CHILDREN);
                return p;
            }).collectList().flatMap(parents -> {
                Map<Long, BenchParent> byKey = new HashMap<>(parents.size() * 2);
                Long[] keys = new Long[parents.size()];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = parents.get(i).id;
                    byKey.put(keys[i], parents.get(i));
                }
                var where = dialect == SQLDialect.POSTGRES ? PARENT_ID.eq(DSL.any(keys)) : PARENT_ID.in(keys);
                return Flux.from(cx.select(ID, PARENT_ID, NAME, AMOUNT).from(CHILDREN).where(where))
                        .map((Record4<Long, Long, String, Long> r) -> {
                            BenchChild ch = new BenchChild();
                            ch.id = r.value1();
                            ch.parentId = r.value2();
                            ch.name = r.value3();
                            ch.amount = r.value4();
                            return ch;
                        })
                        .doOnNext(ch -> byKey.get(ch.parentId).children.add(ch))
                        .then(Mono.fromSupplier(() -> Families.Summary.ofParents(parents)));
            });
        }, Connection::close);
    }

    @Override
    Mono<Long> update(long id, long amount) {
        return Mono.from(ctx.update(BENCHES).set(AMOUNT, amount).where(ID.eq(id))).map(Integer::longValue);
    }

    @Override
    void prepareInsert(int rows) {
        toInsert = Bench.numbered(rows);
    }

    @Override
    Mono<Long> insert(String form) {
        if (!form.equals("values")) {
            throw new IllegalArgumentException("jOOQ has no insert form " + form);
        }
        List<Bench> rows = toInsert;
        List<List<Bench>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += RawContender.CHUNK) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + RawContender.CHUNK)));
        }
        return Flux.usingWhen(pool.create(), c -> {
            DSLContext cx = DSL.using(c, dialect, settings);
            return Flux.fromIterable(chunks).concatMap(chunk -> {
                InsertValuesStep4<Record, String, Long, Boolean, Instant> step =
                        cx.insertInto(BENCHES, NAME, AMOUNT, FLAG, at);
                for (Bench b : chunk) {
                    step = step.values(b.name, b.amount, b.flag, b.at);
                }
                int[] next = {0};
                return Flux.from(step.returningResult(ID)).doOnNext(r -> chunk.get(next[0]++).id = r.value1()).count();
            });
        }, Connection::close).reduce(0L, Long::sum);
    }
}
