package dev.r2orm.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The floor: the driver on its own, hand-written SQL ({@code $1} markers on PostgreSQL and H2, {@code ?} on MariaDB),
 * rows read by index into {@link Bench}.
 *
 * <p>Preload (W5): the parents, then their children in one query ({@code WHERE parent_id = ANY($1)} with an array on
 * PostgreSQL, {@code IN (...)} of one marker per parent elsewhere) on the same connection, put into their parents'
 * lists through a map by key.
 *
 * <p>Insert forms, each writing {@value #CHUNK} rows per statement on one connection and back-filling the keys as
 * r2orm and Spring Data do: {@code values}, a multi-row {@code INSERT ... VALUES ($1,$2,$3,$4),(...)}; {@code unnest}
 * (PostgreSQL), {@code INSERT ... SELECT * FROM unnest($1::text[], ...)}, four array binds per statement; {@code copy}
 * (PostgreSQL), one {@code COPY ... FROM STDIN} in text format, without keys back.
 */
final class RawContender extends Contender {

    /** Rows per INSERT statement. */
    static final int CHUNK = 1000;

    /** Rows per CopyData message. */
    static final int COPY_ROWS = 512;

    private static final String SELECT = "SELECT id, name, amount, flag, at FROM benches";
    private static final String PARENTS = "SELECT id, name FROM bench_parents";
    private static final String CHILDREN = "SELECT id, parent_id, name, amount FROM bench_children WHERE parent_id";
    private static final String UNNEST = "INSERT INTO benches (name, amount, flag, at)"
            + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::boolean[], $4::timestamptz[])";
    private static final String COPY = "COPY benches (name, amount, flag, at) FROM STDIN";

    private final boolean mysql;
    private final String byId;
    private final String update;
    private final String valuesChunk;
    private List<Bench> toInsert = List.of();

    RawContender(String db, ConnectionPool pool) {
        super(db, pool);
        this.mysql = db.equals("mariadb");
        this.byId = SELECT + " WHERE id = " + marker(1);
        this.update = "UPDATE benches SET amount = " + marker(1) + " WHERE id = " + marker(2);
        this.valuesChunk = values(CHUNK);
    }

    /** The bind marker of the {@code n}th parameter, from 1, in the database's form. */
    private String marker(int n) {
        return mysql ? "?" : "$" + n;
    }

    private static Bench bench(Row row, RowMetadata meta) {
        Bench b = new Bench();
        b.id = row.get(0, Long.class);
        b.name = row.get(1, String.class);
        Long amount = row.get(2, Long.class);
        b.amount = amount == null ? 0 : amount;
        Boolean flag = row.get(3, Boolean.class);
        b.flag = flag != null && flag;
        b.at = row.get(4, Instant.class);
        return b;
    }

    private <T> Flux<T> query(String sql, Object bind, java.util.function.BiFunction<Row, RowMetadata, T> mapper) {
        return Flux.usingWhen(pool.create(), c -> {
            Statement s = c.createStatement(sql);
            if (bind != NONE) {
                s.bind(0, bind);
            }
            return Flux.from(s.execute()).concatMap(r -> r.map(mapper));
        }, Connection::close);
    }

    private static final Object NONE = new Object();

    @Override
    Mono<Long> lookup(long id) {
        return query(byId, id, RawContender::bench).next()
                .map(b -> Data.check(id, b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Data.Summary> readAll() {
        return query(SELECT, NONE, RawContender::bench).collectList().map(Data.Summary::ofBenches);
    }

    @Override
    Mono<Data.Summary> stream() {
        return query(SELECT, NONE, RawContender::bench)
                .reduce(new Data.Summary(), (s, b) -> s.add(b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Families.Summary> preload() {
        return Mono.usingWhen(pool.create(), c -> Flux.from(c.createStatement(PARENTS).execute())
                .concatMap(r -> r.map((row, meta) -> {
                    BenchParent p = new BenchParent();
                    p.id = row.get(0, Long.class);
                    p.name = row.get(1, String.class);
                    p.children = new ArrayList<>(Families.CHILDREN);
                    return p;
                }))
                .collectList()
                .flatMap(parents -> children(c, parents).then(Mono.fromSupplier(
                        () -> Families.Summary.ofParents(parents)))), Connection::close);
    }

    /** Reads the children of the parents in one statement and adds each to its parent's list. */
    private Mono<Void> children(Connection c, List<BenchParent> parents) {
        java.util.Map<Long, BenchParent> byKey = new java.util.HashMap<>(parents.size() * 2);
        Long[] keys = new Long[parents.size()];
        for (int i = 0; i < keys.length; i++) {
            BenchParent p = parents.get(i);
            keys[i] = p.id;
            byKey.put(p.id, p);
        }
        Statement s;
        if (db.equals("postgres")) {
            s = c.createStatement(CHILDREN + " = ANY($1)").bind(0, keys);
        } else {
            StringBuilder sql = new StringBuilder(CHILDREN.length() + keys.length * 5).append(CHILDREN).append(" IN (");
            for (int i = 0; i < keys.length; i++) {
                sql.append(i == 0 ? "" : ",").append(marker(i + 1));
            }
            s = c.createStatement(sql.append(')').toString());
            for (int i = 0; i < keys.length; i++) {
                s.bind(i, keys[i]);
            }
        }
        return Flux.from(s.execute()).concatMap(r -> r.map((row, meta) -> {
            BenchChild ch = new BenchChild();
            ch.id = row.get(0, Long.class);
            Long parentId = row.get(1, Long.class);
            ch.parentId = parentId == null ? 0 : parentId;
            ch.name = row.get(2, String.class);
            Long amount = row.get(3, Long.class);
            ch.amount = amount == null ? 0 : amount;
            return ch;
        })).doOnNext(ch -> byKey.get(ch.parentId).children.add(ch)).then();
    }

    @Override
    Mono<Long> update(long id, long amount) {
        return Flux.usingWhen(pool.create(),
                c -> Flux.from(c.createStatement(update).bind(0, amount).bind(1, id).execute())
                        .concatMap(Result::getRowsUpdated),
                Connection::close).reduce(0L, Long::sum);
    }

    @Override
    void prepareInsert(int rows) {
        toInsert = Bench.numbered(rows);
    }

    @Override
    Mono<Long> insert(String form) {
        List<Bench> rows = toInsert;
        if (form.equals("copy")) {
            return Mono.usingWhen(pool.create(), c -> copy(c, rows), Connection::close);
        }
        List<List<Bench>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
        }
        return Flux.usingWhen(pool.create(), c -> Flux.fromIterable(chunks).concatMap(chunk -> switch (form) {
            case "values" -> insertValues(c, chunk);
            case "unnest" -> insertUnnest(c, chunk);
            default -> throw new IllegalArgumentException("raw has no insert form " + form);
        }), Connection::close).reduce(0L, Long::sum);
    }

    private String values(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO benches (name, amount, flag, at) VALUES ");
        for (int r = 0, p = 1; r < rows; r++) {
            sql.append(r == 0 ? "(" : ",(");
            for (int col = 0; col < 4; col++, p++) {
                sql.append(col == 0 ? "" : ",").append(marker(p));
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private Mono<Long> insertValues(Connection c, List<Bench> chunk) {
        Statement s = c.createStatement(chunk.size() == CHUNK ? valuesChunk : values(chunk.size()));
        int p = 0;
        for (Bench b : chunk) {
            s.bind(p++, b.name).bind(p++, b.amount).bind(p++, b.flag).bind(p++, b.at);
        }
        return keys(s.returnGeneratedValues("id"), chunk);
    }

    private Mono<Long> insertUnnest(Connection c, List<Bench> chunk) {
        int n = chunk.size();
        String[] names = new String[n];
        Long[] amounts = new Long[n];
        Boolean[] flags = new Boolean[n];
        Instant[] ats = new Instant[n];
        for (int i = 0; i < n; i++) {
            Bench b = chunk.get(i);
            names[i] = b.name;
            amounts[i] = b.amount;
            flags[i] = b.flag;
            ats[i] = b.at;
        }
        Statement s = c.createStatement(UNNEST).bind(0, names).bind(1, amounts).bind(2, flags).bind(3, ats);
        return keys(s.returnGeneratedValues("id"), chunk);
    }

    /** Runs an insert and puts the generated keys into the entities, in order. */
    private static Mono<Long> keys(Statement s, List<Bench> chunk) {
        int[] at = {0};
        return Flux.from(s.execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class)))
                .doOnNext(id -> chunk.get(at[0]++).id = id)
                .count();
    }

    private static Mono<Long> copy(Connection c, List<Bench> rows) {
        Object target = c;
        while (!(target instanceof PostgresqlConnection) && target instanceof Wrapped<?> w) {
            target = w.unwrap();
        }
        PostgresqlConnection pg = (PostgresqlConnection) target;
        Flux<Mono<ByteBuf>> messages = Flux.range(0, (rows.size() + COPY_ROWS - 1) / COPY_ROWS)
                .map(m -> Mono.fromSupplier(() -> encode(rows, m * COPY_ROWS,
                        Math.min(rows.size(), (m + 1) * COPY_ROWS))));
        return pg.copyIn(COPY).fromMany(messages).build();
    }

    /** Rows in COPY's text format: tab-separated, one line each, text escaped. */
    private static ByteBuf encode(List<Bench> rows, int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 48);
        for (int i = from; i < to; i++) {
            Bench b = rows.get(i);
            escape(sb, b.name);
            sb.append('\t').append(b.amount).append('\t').append(b.flag ? 't' : 'f').append('\t').append(b.at)
                    .append('\n');
        }
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(ByteBufUtil.utf8MaxBytes(sb));
        ByteBufUtil.writeUtf8(buf, sb);
        return buf;
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }
}
