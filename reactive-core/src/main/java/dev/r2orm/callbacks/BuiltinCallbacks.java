package dev.r2orm.callbacks;

import dev.r2orm.MissingWhereClauseException;
import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.clause.Assignment;
import dev.r2orm.clause.Clause;
import dev.r2orm.clause.ColumnArrays;
import dev.r2orm.clause.Delete;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Returning;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Set;
import dev.r2orm.clause.Update;
import dev.r2orm.clause.Values;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.dialect.ServerFills;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.internal.ValueCheck;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
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
            return op.withConnection(c -> op.query(c, sql, op.newRowMapper()));
        });
        return upstream.concatWith(rows);
    }

    static Flux<Object> update(Operation op, Flux<Object> upstream) {
        return upstream.collectList().flatMapMany(entities -> {
            Object entity = entities.isEmpty() ? null : entities.get(0);
            Schema schema = op.schema();
            UpdatePlan plan = Objects.requireNonNull(op.updatePlan(), "an update needs a plan");
            Instant now = Instant.now();
            List<Assignment> set = plan.assignments(schema, entity, now);
            if (set.isEmpty()) {
                op.rowsAffected(0);
                return Flux.fromIterable(entities);
            }
            requireWhere(op, "update");
            checkValues(op, schema, set);
            OptimisticLock lock = OptimisticLock.of(op);
            if (lock != null) {
                set = lock.bump(set, plan, now);
            }
            if (entity != null && schema != null && !schema.isRecord()) {
                for (Assignment a : set) {
                    Field f = schema.fieldByColumn(a.column());
                    if (f != null && f.isAutoUpdateTime() && !(a.value() instanceof Expression)) {
                        f.set(entity, a.value());
                    }
                }
            }
            Statement st = scoped(op, op.statement().with(new Update(op.statement().table())).with(new Set(set)));
            if (lock != null) {
                st = lock.guard(st);
            }
            if (op.returning()) {
                return checked(op, lock, executeReturning(op, st, Statement.UPDATE, false));
            }
            return checked(op, lock, execute(op, st.render(op.dialect(), Statement.UPDATE)).then(Mono.empty()))
                    .thenMany(Flux.fromIterable(entities));
        });
    }

    /** Refuses a value of a field that its column cannot hold, before the UPDATE is sent. */
    private static void checkValues(Operation op, @Nullable Schema schema, List<Assignment> set) {
        if (schema == null) {
            return;
        }
        dev.r2orm.dialect.ValueLimits limits = op.dialect().valueLimits();
        for (Assignment a : set) {
            Field f = schema.fieldByColumn(a.column());
            if (f != null) {
                ValueCheck.of(f, limits).check(a.value());
            }
        }
    }

    /**
     * Signals {@link dev.r2orm.OptimisticLockException} after the statement when the version was checked and no row
     * matched, and writes the new version into the entity when one did.
     */
    private static Flux<Object> checked(Operation op, @Nullable OptimisticLock lock, Publisher<Object> statement) {
        if (lock == null) {
            return Flux.from(statement);
        }
        return Flux.from(statement).concatWith(Mono.fromRunnable(
                () -> lock.verify(op.rowsAffected(), op.session().dryRun())));
    }

    static Flux<Object> delete(Operation op, Flux<Object> upstream) {
        return upstream.collectList().flatMapMany(entities -> {
            requireWhere(op, "delete");
            Schema schema = op.schema();
            Field soft = schema == null ? null : schema.softDeleteField();
            OptimisticLock lock = OptimisticLock.of(op);
            Statement base = lock == null ? op.statement() : lock.guard(op.statement());
            Statement st;
            Sql sql;
            if (soft != null && !op.unscoped()) {
                Object now = soft.timeValue(Instant.now());
                st = scoped(op, base.with(new Update(op.statement().table()))
                        .with(new Set(List.of(new Assignment(soft.column(), now, soft.boxedType())))));
                if (op.returning()) {
                    return checked(op, lock, executeReturning(op, st, Statement.UPDATE, false));
                }
                sql = st.render(op.dialect(), Statement.UPDATE);
                for (int i = 0; i < entities.size(); i++) {
                    if (!schema.isRecord()) {
                        soft.set(entities.get(i), now);
                    }
                }
            } else {
                st = base.with(new Delete(op.statement().table()));
                if (op.returning()) {
                    return checked(op, lock, executeReturning(op, st, Statement.DELETE, true));
                }
                sql = st.render(op.dialect(), Statement.DELETE);
            }
            return checked(op, lock, execute(op, sql).then(Mono.empty())).thenMany(Flux.fromIterable(entities));
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
            return op.withConnection(c -> op.query(c, sql, op.newRowMapper()));
        });
        return upstream.concatWith(rows);
    }

    /** Runs an update or delete that returns the rows it changed, mapped to the model, counting them. */
    private static Flux<Object> executeReturning(Operation op, Statement st, List<String> order, boolean delete) {
        Schema schema = Objects.requireNonNull(op.schema(), "returning rows needs a model");
        Sql sql = op.dialect().returning(st, order, delete);
        if (op.session().dryRun()) {
            return op.executor().dryRun(sql);
        }
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        return op.withConnection(c -> op.query(c, sql, RowMappers.entity(schema)))
                .doOnNext(r -> op.rowsAffected(count.incrementAndGet()));
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
        if (op.session().createBatchSize() > 0) {
            perStatement = Math.min(perStatement, op.session().createBatchSize());
        }
        return upstream.buffer(perStatement).concatMap(chunk -> insert(op, schema, chunk));
    }

    /** A map row's missing key: the column gets its default. */
    private static final Object ABSENT = new Object();

    private static Flux<Object> insert(Operation op, Schema schema, List<Object> chunk) {
        Instant now = Instant.now();
        List<Object> rows = new ArrayList<>(chunk.size());
        Field auto = schema.autoIncrementField();
        int missing = 0;
        for (Object e : chunk) {
            if (e instanceof Map) {
                e = checkedMap(schema, (Map<?, ?>) e);
            }
            for (Field f : schema.fields()) {
                if ((f.isAutoCreateTime() || f.isAutoUpdateTime()) && unset(f, value(f, e))) {
                    e = with(schema, e, f, f.timeValue(now));
                } else if (f.isVersion() && (value(f, e) == ABSENT || f.isZero(value(f, e)))) {
                    e = with(schema, e, f, f.initialVersion(now));
                }
            }
            if (auto != null && unset(auto, value(auto, e))) {
                missing++;
            }
            rows.add(e);
        }
        boolean needKeys = auto != null && missing > 0;
        if (op.session().dryRun()) {
            Sql sql = plan(op, schema, rows, ServerFills.NONE, needKeys, List.of()).sql();
            return op.executor().<Object>dryRun(sql).concatWith(Flux.fromIterable(rows));
        }
        int missingKeys = missing;
        boolean ask = mayBeFilled(op, schema, rows);
        return op.withConnection(c -> Flux.deferContextual(ctx -> (ask ? op.executor().serverFills(c, schema.table())
                        : Mono.just(ServerFills.NONE))
                .flatMapMany(fills -> {
                    InsertPlan p = plan(op, schema, rows, fills, needKeys, List.of());
                    if (p.doesNothing() && !ctx.hasKey(DoNothingInserts.UNREPORTED)) {
                        return DoNothingInserts.run(op, c, schema, rows,
                                (subset, returning) -> plan(op, schema, subset, fills, false, returning).sql());
                    }
                    if (p.readBack().isEmpty()) {
                        return op.update(c, p.sql()).thenMany(Flux.fromIterable(rows));
                    }
                    boolean lastInsertId = op.dialect().keyStrategy() == KeyStrategy.LAST_INSERT_ID;
                    if (lastInsertId && !needKeys) {
                        return op.update(c, p.sql()).thenMany(Flux.fromIterable(rows));
                    }
                    if (p.readBack().size() == 1 && p.readBack().get(0) == auto || lastInsertId) {
                        return keys(op, c, p.sql(), Objects.requireNonNull(auto), missingKeys).collectList()
                                .flatMapIterable(keys -> backfill(schema, auto, rows, keys));
                    }
                    return ReadBack.rows(op, c, p.sql(), p.readBack()).collectList()
                            .flatMapIterable(read -> ReadBack.fill(schema, rows, p.readBack(), read, fills));
                })));
    }

    /**
     * The INSERT of a chunk, the fields to read back from it (the generated key first, then filled columns), and
     * whether its upsert does nothing on a collision.
     */
    private record InsertPlan(Sql sql, List<Field> readBack, boolean doesNothing) {
    }

    /**
     * Plans a chunk's INSERT.
     *
     * @param returning for an upsert, the columns its {@code RETURNING} gives back (where the dialect has it)
     */
    private static InsertPlan plan(Operation op, Schema schema, List<Object> rows, ServerFills fills,
            boolean needKeys, List<Field> returning) {
        List<String> columns = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        List<Field> readBack = new ArrayList<>();
        Field auto = schema.autoIncrementField();
        OnConflict upsert = op.onConflict();
        // an upsert may insert some rows and not others: read-back rows cannot be matched to them
        if (needKeys && upsert == null) {
            readBack.add(Objects.requireNonNull(auto));
        }
        for (Field f : schema.fields()) {
            boolean generated = fills.generated().contains(f.column().toLowerCase(java.util.Locale.ROOT));
            if (f != auto && upsert == null && f.isReadable() && (generated || anyDefaulted(f, rows, fills))) {
                readBack.add(f);
            }
            if (generated || !f.isCreatable() || !op.includes(f) || allDefaulted(f, rows, fills)) {
                continue;
            }
            fields.add(f);
            columns.add(f.column());
            types.add(f.storedType());
        }
        ValueCheck[] checks = ValueCheck.of(fields, op.dialect());
        Clause values = upsert == null ? columnArrays(op.dialect(), fields, types, rows, fills, checks) : null;
        if (values == null) {
            List<List<@Nullable Object>> list = new ArrayList<>(rows.size());
            for (Object e : rows) {
                List<@Nullable Object> row = new ArrayList<>(fields.size());
                for (int c = 0; c < fields.size(); c++) {
                    Field f = fields.get(c);
                    row.add(stored(f, value(f, e), fills, checks[c]));
                }
                list.add(row);
            }
            values = new Values(list, types);
        }
        Statement base = Statement.of(schema.table(), schema)
                .with(new Insert(schema.table(), columns))
                .with(values);
        if (upsert == null) {
            return new InsertPlan(render(op.dialect(), base, readBack), readBack, false);
        }
        if (!returning.isEmpty() && op.dialect().keyStrategy() == KeyStrategy.RETURNING
                && !op.dialect().upsertReplacesInsert()) {
            List<String> names = new ArrayList<>(returning.size());
            returning.forEach(f -> names.add(f.column()));
            base = base.with(new Returning(names));
        }
        List<String> keys = new ArrayList<>();
        schema.primaryKeys().forEach(f -> keys.add(f.column()));
        return new InsertPlan(renderUpsert(op.dialect(), base, upsert, schema, columns), readBack,
                upsert.doesNothing(columns, keys));
    }

    /**
     * Whether some row leaves a field NULL that the database might fill (a column it computes, or a NOT NULL one with a
     * default): only then is the table's catalog read, once.
     */
    private static boolean mayBeFilled(Operation op, Schema schema, List<Object> rows) {
        for (Field f : schema.fields()) {
            if (f.isAutoIncrement() || !f.defaultValue().isEmpty() || !f.isCreatable() || !op.includes(f)) {
                continue;
            }
            for (Object e : rows) {
                if (value(f, e) == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What a row writes into a column: its value as stored, {@link Values#DEFAULT}, or an expression (an {@code Expr}
     * given in a map, or a {@link dev.r2orm.clause.SqlValuer}'s). A stored value its column cannot hold is refused
     * with an {@link dev.r2orm.InvalidValueException} ({@link ValueCheck}).
     */
    private static @Nullable Object stored(Field f, @Nullable Object v, ServerFills fills, ValueCheck check) {
        if (defaulted(f, v, fills)) {
            return Values.DEFAULT;
        }
        Object stored = UpdatePlan.columnValue(f, v);
        check.check(stored);
        return stored;
    }

    /**
     * Whether a value is written as {@code DEFAULT}: a map row without it, an unset field with a declared default or a
     * generated key, or a NULL for a NOT NULL column with a default the database has.
     */
    private static boolean defaulted(Field f, @Nullable Object v, ServerFills fills) {
        return v == ABSENT || defaultable(f) && unset(f, v)
                || v == null && fills.defaulted().contains(f.column().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The rows as one bound array per column, when the dialect binds column arrays for every column's type and each
     * value is a plain value of that type (no {@code DEFAULT}, no expression, no field with an explicit
     * {@code @Column(type)}); otherwise null, and the rows go into a {@code VALUES} list. A single row always does, and
     * so does a chunk with an expression (such as a {@link dev.r2orm.clause.SqlValuer}'s), which cannot go into an
     * array: the arrays are abandoned at the first one met, before its expression is built.
     */
    private static @Nullable ColumnArrays columnArrays(Dialect dialect, List<Field> fields, List<Class<?>> types,
            List<Object> rows, ServerFills fills, ValueCheck[] checks) {
        if (rows.size() < 2) {
            return null;
        }
        List<String> elementTypes = new ArrayList<>(fields.size());
        for (int c = 0; c < fields.size(); c++) {
            String element = fields.get(c).sqlType().isEmpty() ? dialect.arrayElementType(types.get(c)) : null;
            if (element == null) {
                return null;
            }
            elementTypes.add(element);
        }
        List<Object[]> arrays = new ArrayList<>(fields.size());
        for (int c = 0; c < fields.size(); c++) {
            Field f = fields.get(c);
            Class<?> type = types.get(c).isEnum() ? String.class : types.get(c);
            Object[] column = (Object[]) java.lang.reflect.Array.newInstance(type, rows.size());
            for (int r = 0; r < column.length; r++) {
                Object raw = value(f, rows.get(r));
                if (raw instanceof dev.r2orm.clause.SqlValuer) {
                    return null;
                }
                Object v = stored(f, raw, fills, checks[c]);
                if (v == Values.DEFAULT || v instanceof Expression) {
                    return null;
                }
                if (v instanceof Enum<?> e) {
                    v = dev.r2orm.schema.EnumLabels.label(e);
                } else if (v != null) {
                    v = dialect.bindValue(v);
                }
                if (v != null && !type.isInstance(v)) {
                    return null; // a converter or the dialect gave a value of another type
                }
                column[r] = v;
            }
            arrays.add(column);
        }
        return new ColumnArrays(arrays, elementTypes);
    }

    /** A column the database fills when the value is unset: the generated key, or one with a DEFAULT. */
    private static boolean defaultable(Field f) {
        return f.isAutoIncrement() || !f.defaultValue().isEmpty();
    }

    static boolean unset(Field f, @Nullable Object v) {
        return v == ABSENT || (defaultable(f) || f.isAutoCreateTime() || f.isAutoUpdateTime()) && f.isZero(v)
                || v == null;
    }

    private static boolean allDefaulted(Field f, List<Object> rows, ServerFills fills) {
        for (Object e : rows) {
            if (!defaulted(f, value(f, e), fills)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyDefaulted(Field f, List<Object> rows, ServerFills fills) {
        for (Object e : rows) {
            if (defaulted(f, value(f, e), fills)) {
                return true;
            }
        }
        return false;
    }

    /** The value of a field in an entity, or in a map by field or column name ({@link #ABSENT} when missing). */
    static @Nullable Object value(Field f, Object row) {
        if (row instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) row;
            if (m.containsKey(f.name())) {
                return m.get(f.name());
            }
            return m.containsKey(f.column()) ? m.get(f.column()) : ABSENT;
        }
        return f.get(row);
    }

    static Object with(Schema schema, Object row, Field f, @Nullable Object v) {
        if (row instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) row;
            m.remove(f.column());
            m.put(f.name(), v);
            return m;
        }
        return schema.with(row, f, v);
    }

    /** A mutable copy of a map row, its keys checked against the model. */
    private static Map<String, @Nullable Object> checkedMap(Schema schema, Map<?, ?> row) {
        Map<String, @Nullable Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : row.entrySet()) {
            String key = String.valueOf(e.getKey());
            Field f = schema.lookup(key);
            if (f == null) {
                throw new IllegalArgumentException("create: '" + key + "' is not a field or column of "
                        + schema.type().getName());
            }
            copy.put(f.name(), e.getValue());
        }
        return copy;
    }

    private static Sql renderUpsert(Dialect dialect, Statement base, OnConflict upsert, Schema schema,
            List<String> columns) {
        List<String> keys = new ArrayList<>();
        schema.primaryKeys().forEach(f -> keys.add(f.column()));
        return renderUpsert(dialect, base, upsert, keys, columns);
    }

    /** An INSERT with an upsert rule, or H2's MERGE for it. */
    static Sql renderUpsert(Dialect dialect, Statement base, OnConflict upsert, List<String> keys,
            List<String> columns) {
        if (dialect.upsertReplacesInsert()) {
            SqlWriter w = new SqlWriter(dialect);
            dialect.merge(w, (Insert) Objects.requireNonNull(base.clause("INSERT")),
                    (Values) Objects.requireNonNull(base.clause("VALUES")), upsert, keys);
            return w.toSql();
        }
        return base.with(upsert.forInsert(columns, keys)).render(dialect, Statement.INSERT);
    }

    private static Sql render(Dialect dialect, Statement base, List<Field> readBack) {
        Statement st = base;
        if (!readBack.isEmpty() && dialect.keyStrategy() == KeyStrategy.RETURNING) {
            List<String> columns = new ArrayList<>(readBack.size());
            readBack.forEach(f -> columns.add(f.column()));
            st = st.with(new Returning(columns));
        }
        return st.render(dialect, Statement.INSERT);
    }

    private static Flux<Long> keys(Operation op, Connection c, Sql sql, Field auto, int missing) {
        switch (op.dialect().keyStrategy()) {
            case RETURNING:
                return op.query(c, sql, RowMappers.KEY);
            case GENERATED_VALUES:
                return op.executor().executeWrite(c, op.executor().prepare(c, sql).returnGeneratedValues(auto.column()),
                        sql, RowMappers.KEY);
            default:
                return op.update(c, sql)
                        .then(op.query(c, LAST_INSERT_ID, RowMappers.KEY).single())
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
            boolean unset = unset(auto, value(auto, e));
            if (everyRow || unset) {
                Long key = keys.get(k++);
                if (unset) {
                    e = with(schema, e, auto, convertKey(key, auto.boxedType()));
                }
            }
            out.add(e);
        }
        return out;
    }

    static Object convertKey(Long key, Class<?> type) {
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
