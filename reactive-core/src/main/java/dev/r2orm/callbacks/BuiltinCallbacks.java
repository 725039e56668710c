package dev.r2orm.callbacks;

import dev.r2orm.MissingWhereClauseException;
import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.clause.Assignment;
import dev.r2orm.clause.Delete;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.Returning;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.Set;
import dev.r2orm.clause.Update;
import dev.r2orm.clause.Values;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** r2orm's built-in steps. */
final class BuiltinCallbacks {

    private static final Sql LAST_INSERT_ID = Sql.of("SELECT LAST_INSERT_ID()");

    private BuiltinCallbacks() {
    }

    static Flux<Object> beginTransaction(Operation op, Flux<Object> upstream) {
        Session session = op.session();
        if (!session.skipDefaultTransaction() && !session.dryRun()
                && (op.expectedStatements() > 1 || Hooks.any(op))) {
            op.transactional(true);
        }
        return upstream;
    }

    static Flux<Object> commitOrRollback(Operation op, Flux<Object> upstream) {
        return op.transactional() ? op.inTransaction(upstream) : upstream;
    }

    static Flux<Object> query(Operation op, Flux<Object> upstream) {
        Flux<Object> rows = Flux.defer(() -> {
            Sql sql = scoped(op, op.statement()).render(op.dialect(), Statement.SELECT);
            if (op.session().dryRun()) {
                return op.executor().dryRun(sql);
            }
            Class<?> type = op.resultType();
            return op.withConnection(c -> op.query(c, sql, RowMappers.forType(type, op.resultSchema())));
        });
        return upstream.concatWith(rows);
    }

    static Flux<Object> update(Operation op, Flux<Object> upstream) {
        return upstream.collectList().flatMapMany(entities -> {
            Object entity = entities.isEmpty() ? null : entities.get(0);
            Schema schema = op.schema();
            UpdatePlan plan = Objects.requireNonNull(op.updatePlan(), "an update needs a plan");
            List<Assignment> set = plan.assignments(schema, entity, Instant.now());
            if (set.isEmpty()) {
                op.rowsAffected(0);
                return Flux.fromIterable(entities);
            }
            requireWhere(op, "update");
            if (entity != null && schema != null && !schema.isRecord()) {
                for (Assignment a : set) {
                    Field f = schema.fieldByColumn(a.column());
                    if (f != null && f.isAutoUpdateTime()) {
                        f.set(entity, a.value());
                    }
                }
            }
            Statement st = scoped(op, op.statement().with(new Update(op.statement().table())).with(new Set(set)));
            return execute(op, st.render(op.dialect(), Statement.UPDATE)).thenMany(Flux.fromIterable(entities));
        });
    }

    static Flux<Object> delete(Operation op, Flux<Object> upstream) {
        return upstream.collectList().flatMapMany(entities -> {
            requireWhere(op, "delete");
            Schema schema = op.schema();
            Field soft = schema == null ? null : schema.softDeleteField();
            Statement st;
            Sql sql;
            if (soft != null && !op.unscoped()) {
                Object now = soft.timeValue(Instant.now());
                st = scoped(op, op.statement().with(new Update(op.statement().table()))
                        .with(new Set(List.of(new Assignment(soft.column(), now, soft.boxedType())))));
                sql = st.render(op.dialect(), Statement.UPDATE);
                for (int i = 0; i < entities.size(); i++) {
                    if (!schema.isRecord()) {
                        soft.set(entities.get(i), now);
                    }
                }
            } else {
                st = op.statement().with(new Delete(op.statement().table()));
                sql = st.render(op.dialect(), Statement.DELETE);
            }
            return execute(op, sql).thenMany(Flux.fromIterable(entities));
        });
    }

    static Flux<Object> raw(Operation op, Flux<Object> upstream) {
        Sql sql = Objects.requireNonNull(op.rawSql(), "a raw operation needs its SQL");
        Flux<Object> rows = Flux.defer(() -> {
            if (op.session().dryRun()) {
                return op.executor().dryRun(sql);
            }
            if (op.resultType() == Void.class) {
                return op.withConnection(c -> op.update(c, sql)).map(Object.class::cast);
            }
            return op.withConnection(c -> op.query(c, sql, RowMappers.forType(op.resultType(), op.resultSchema())));
        });
        return upstream.concatWith(rows);
    }

    private static Mono<Long> execute(Operation op, Sql sql) {
        if (op.session().dryRun()) {
            return op.executor().<Long>dryRun(sql).then(Mono.fromRunnable(() -> op.rowsAffected(0))).thenReturn(0L);
        }
        return op.withConnection(c -> op.update(c, sql)).single().doOnNext(op::rowsAffected);
    }

    private static void requireWhere(Operation op, String what) {
        if (op.statement().clause("WHERE") == null && !op.session().allowGlobalUpdate()) {
            throw new MissingWhereClauseException(what + " of table " + op.statement().table()
                    + " has no condition and would touch every row; add a condition, or allow it with"
                    + " Session.builder().allowGlobalUpdate(true)");
        }
    }

    /** Adds the soft-delete condition ({@code "t"."deleted_at" IS NULL}) unless the operation is unscoped. */
    private static Statement scoped(Operation op, Statement statement) {
        return op.unscoped() ? statement : statement.withSoftDeleteScope();
    }

    static Flux<Object> create(Operation op, Flux<Object> upstream) {
        Schema schema = Objects.requireNonNull(op.schema(), "create needs a model");
        int perStatement = op.dialect().rowsPerInsert(schema.fields().size());
        return upstream.buffer(perStatement).concatMap(chunk -> insert(op, schema, chunk));
    }

    private static Flux<Object> insert(Operation op, Schema schema, List<Object> chunk) {
        Instant now = Instant.now();
        List<Object> rows = new ArrayList<>(chunk.size());
        Field auto = schema.autoIncrementField();
        int missing = 0;
        for (Object e : chunk) {
            for (Field f : schema.fields()) {
                if ((f.isAutoCreateTime() || f.isAutoUpdateTime()) && f.isZero(f.get(e))) {
                    e = schema.with(e, f, f.timeValue(now));
                }
            }
            if (auto != null && auto.isZero(auto.get(e))) {
                missing++;
            }
            rows.add(e);
        }
        boolean omitKey = auto != null && missing == rows.size();
        List<String> columns = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
            if (omitKey && f == auto) {
                continue;
            }
            fields.add(f);
            columns.add(f.column());
            types.add(f.boxedType());
        }
        List<List<@Nullable Object>> values = new ArrayList<>(rows.size());
        for (Object e : rows) {
            List<@Nullable Object> row = new ArrayList<>(fields.size());
            for (Field f : fields) {
                Object v = f.get(e);
                row.add(f == auto && f.isZero(v) ? Values.DEFAULT : v);
            }
            values.add(row);
        }
        Statement base = Statement.of(schema.table(), schema)
                .with(new Insert(schema.table(), columns))
                .with(new Values(values, types));
        boolean needKeys = auto != null && missing > 0;
        if (op.session().dryRun()) {
            Sql sql = render(op.dialect(), base, auto, needKeys);
            return op.executor().<Object>dryRun(sql).concatWith(Flux.fromIterable(rows));
        }
        int missingKeys = missing;
        return op.withConnection(c -> {
            Sql sql = render(op.dialect(), base, auto, needKeys);
            if (!needKeys) {
                return op.update(c, sql).thenMany(Flux.fromIterable(rows));
            }
            return keys(op, c, sql, auto, missingKeys).collectList()
                    .flatMapIterable(keys -> backfill(schema, auto, rows, keys));
        });
    }

    private static Sql render(Dialect dialect, Statement base, @Nullable Field auto, boolean needKeys) {
        Statement st = base;
        if (needKeys && auto != null && dialect.keyStrategy() == KeyStrategy.RETURNING) {
            st = st.with(new Returning(List.of(auto.column())));
        }
        return st.render(dialect, Statement.INSERT);
    }

    private static Flux<Long> keys(Operation op, Connection c, Sql sql, Field auto, int missing) {
        switch (op.dialect().keyStrategy()) {
            case RETURNING:
                return op.query(c, sql, RowMappers.scalar(Long.class));
            case GENERATED_VALUES:
                return op.executor().execute(op.executor().prepare(c, sql).returnGeneratedValues(auto.column()), sql,
                        RowMappers.scalar(Long.class));
            default:
                return op.update(c, sql)
                        .then(op.query(c, LAST_INSERT_ID, RowMappers.scalar(Long.class)).single())
                        .flatMapMany(first -> Flux.range(0, missing).map(i -> first + i));
        }
    }

    /**
     * Writes generated keys into the rows. With {@code RETURNING} and generated values the database returns a key
     * for every row; with {@code LAST_INSERT_ID} only for the rows whose key was unset.
     */
    private static List<Object> backfill(Schema schema, Field auto, List<Object> rows, List<Long> keys) {
        boolean everyRow = keys.size() == rows.size();
        List<Object> out = new ArrayList<>(rows.size());
        int k = 0;
        for (Object e : rows) {
            boolean unset = auto.isZero(auto.get(e));
            if (everyRow || unset) {
                Long key = keys.get(k++);
                if (unset) {
                    e = schema.with(e, auto, convertKey(key, auto.boxedType()));
                }
            }
            out.add(e);
        }
        return out;
    }

    private static Object convertKey(Long key, Class<?> type) {
        if (type == Integer.class) {
            return key.intValue();
        }
        if (type == Short.class) {
            return key.shortValue();
        }
        if (type == java.math.BigInteger.class) {
            return java.math.BigInteger.valueOf(key);
        }
        return key;
    }
}
