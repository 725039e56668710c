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
 * The floor: the driver on its own, hand-written SQL, rows read by index into {@link Bench}.
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
    private static final String BY_ID = SELECT + " WHERE id = $1";
    private static final String UPDATE = "UPDATE benches SET amount = $1 WHERE id = $2";
    private static final String UNNEST = "INSERT INTO benches (name, amount, flag, at)"
            + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::boolean[], $4::timestamptz[])";
    private static final String COPY = "COPY benches (name, amount, flag, at) FROM STDIN";

    private final String valuesChunk = values(CHUNK);
    private List<Bench> toInsert = List.of();

    RawContender(String db, ConnectionPool pool) {
        super(db, pool);
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
        return query(BY_ID, id, RawContender::bench).next()
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
    Mono<Long> update(long id, long amount) {
        return Flux.usingWhen(pool.create(),
                c -> Flux.from(c.createStatement(UPDATE).bind(0, amount).bind(1, id).execute())
                        .concatMap(Result::getRowsUpdated),
                Connection::close).reduce(0L, Long::sum);
    }

    @Override
    void prepareInsert(int rows) {
        List<Bench> list = new ArrayList<>(rows);
        for (int i = 1; i <= rows; i++) {
            list.add(Bench.of(i));
        }
        toInsert = list;
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

    private static String values(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO benches (name, amount, flag, at) VALUES ");
        for (int r = 0, p = 1; r < rows; r++) {
            sql.append(r == 0 ? "(" : ",(");
            for (int col = 0; col < 4; col++, p++) {
                sql.append(col == 0 ? "$" : ",$").append(p);
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
