package dev.r2orm;

import dev.r2orm.callbacks.Operation;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.From;
import dev.r2orm.clause.GroupBy;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the reads of a {@link Query}: entities with their preloads (in windows when there are preloads), single rows,
 * counts, column values, DTOs, maps and rows read by a function. Each read is one query step of the callbacks, with
 * the query's context scopes, association joins and fetch size.
 *
 * @param <T> the model type
 */
final class QueryReads<T> {

    private final Query<T> query;
    private final Db db;
    private final Class<T> type;
    private final Statement statement;
    private final QueryOptions<T> options;
    private final QueryStatements<T> statements;

    /** @param query the query to read */
    QueryReads(Query<T> query) {
        this.query = query;
        this.db = query.db();
        this.type = query.type();
        this.statement = query.statement();
        this.options = query.options();
        this.statements = new QueryStatements<>(query);
    }

    /**
     * The body of {@link Query#find()}: without preloads one stream; with them, in keyset windows when the order
     * allows, else the one stream preloaded every {@link Preloader#WINDOW} rows.
     *
     * @return the entities
     * @throws UnsupportedOperationException with preloads on a query without model
     */
    Flux<T> find() {
        if (options.preloads().isEmpty()) {
            return entities(statement);
        }
        Schema s = query.requireSchema("preload");
        Limit limit = (Limit) statement.clause("LIMIT");
        if (limit != null && limit.limit() >= 0 && limit.limit() <= Preloader.WINDOW) {
            return withPreloads(entities(statement));
        }
        if (KeysetWindows.obstacle(s, statement) == null) {
            return inWindows(s, Preloader.WINDOW, limit == null ? -1 : limit.limit(),
                    limit == null ? 0 : limit.offset()).concatMapIterable(window -> window);
        }
        return withPreloadsEvery(Preloader.WINDOW, entities(statement));
    }

    /**
     * The body of {@link Query#findInBatches(int)}.
     *
     * @param size the rows per batch
     * @return the batches
     * @throws IllegalArgumentException when size is below 1
     * @throws UnsupportedOperationException when the query cannot be read in keyset windows
     */
    Flux<List<T>> findInBatches(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("findInBatches: size must be at least 1, was " + size);
        }
        if (statement.clause("LIMIT") != null) {
            throw new UnsupportedOperationException("findInBatches reads the whole result in batches: remove limit"
                    + " and offset");
        }
        Schema s = query.requireSchema("findInBatches");
        String obstacle = KeysetWindows.obstacle(s, statement);
        if (obstacle != null) {
            throw new UnsupportedOperationException("findInBatches " + obstacle);
        }
        return inWindows(s, size, -1, 0);
    }

    /** The rows in keyset windows, each window's associations preloaded before the window is emitted. */
    private Flux<List<T>> inWindows(Schema s, int size, long limit, long offset) {
        return KeysetWindows.of(s, statement).read(statement, size, limit, offset, db.dialect().nullsSortHigh(),
                st -> withPreloads(entities(st)).collectList());
    }

    /**
     * The body of {@link Query#first()} ({@code desc} false) and {@link Query#last()} (true).
     *
     * @param desc whether the primary-key order is descending
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    Mono<T> byKey(boolean desc) {
        return one(statement.with(new OrderBy(statements.keyOrder(desc))));
    }

    /**
     * The body of {@link Query#take()}.
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    Mono<T> take() {
        return one(statement);
    }

    /** The first row of a statement, the query's offset kept ({@code LIMIT 1}). */
    private Mono<T> one(Statement s) {
        return single(s.without("LIMIT").with(new Limit(1, query.offset())));
    }

    /**
     * The body of {@link Query#count()}.
     *
     * @return the count; 0 in a dry run
     */
    Mono<Long> count() {
        Statement base = statement.without("ORDER BY").without("LIMIT").without("FOR");
        Select select = (Select) base.clause("SELECT");
        Statement s;
        if (base.clause("GROUP BY") != null || select != null && select.distinct()) {
            if (select == null) {
                base = base.with(new Select(((GroupBy) Objects.requireNonNull(base.clause("GROUP BY"))).columns(),
                        false));
            }
            Query<T> inner = query.with(base);
            s = Statement.of(statement.table(), null)
                    .with(new Select(List.of(Expr.raw("COUNT(*)")), false))
                    .with(new From(null, null, w -> {
                        w.keyword("(");
                        inner.build(w);
                        w.keyword(") ").identifier("r2orm_count");
                    }));
            return new QueryReads<>(new Query<>(db, Long.class, s, null,
                    QueryOptions.<Long>none().with(b -> b.unscoped = true))).runScalar(s);
        }
        s = base.without("SELECT").with(new Select(List.of(Expr.raw("COUNT(*)")), false));
        return runScalar(s);
    }

    private Mono<Long> runScalar(Statement s) {
        return run(s, Long.class, null).filter(v -> v != RowMappers.NULL).map(v -> ((Number) v).longValue())
                .singleOrEmpty().defaultIfEmpty(0L);
    }

    /**
     * The body of {@link Query#pluck(String, Class)}.
     *
     * @param column a column or field name
     * @param valueType the Java type to read it as
     * @param <R> the value type
     * @return the values that are not NULL
     * @throws IllegalArgumentException when {@code column} is not one column name
     */
    <R> Flux<R> pluck(String column, Class<R> valueType) {
        List<Column> cols = Identifiers.parseColumns(column, query.schema(), "pluck");
        if (cols.size() != 1) {
            throw new IllegalArgumentException("pluck takes one column, got '" + column + "'");
        }
        Select earlier = (Select) statement.clause("SELECT");
        Statement s = statement.without("SELECT").with(new Select(List.of(cols.get(0)),
                earlier != null && earlier.distinct()));
        return run(s, valueType, null).filter(v -> v != RowMappers.NULL).map(valueType::cast);
    }

    /**
     * The body of {@link Query#scan(Class)}: without a select list, the DTO's columns the model has.
     *
     * @param dto the class to read into
     * @param <R> the DTO type
     * @return the DTOs
     */
    <R> Flux<R> scan(Class<R> dto) {
        return Flux.defer(() -> {
            Schema target = db.schema(dto);
            Statement s = statement;
            if (s.clause("SELECT") == null) {
                List<Expression> cols = new ArrayList<>();
                for (Field f : target.fields()) {
                    Schema source = query.schema();
                    if (source == null || source.fieldByColumn(f.column()) != null) {
                        cols.add(new Column(statement.table(), f.column()));
                    }
                }
                s = s.with(new Select(cols, false));
            }
            return run(s, dto, target).map(dto::cast);
        });
    }

    /**
     * The body of {@link Query#rows(Function)}.
     *
     * @param function reads one row
     * @param <R> what the function makes of a row
     * @return one value per row
     */
    <R> Flux<R> rows(Function<ResultRow, ? extends R> function) {
        Objects.requireNonNull(function, "function must not be null");
        return run(statement, Object.class, null, () -> ResultRow.mapper(db, function)).map(r -> {
            @SuppressWarnings("unchecked")
            R value = (R) r;
            return value;
        });
    }

    /**
     * The body of {@link Query#findMaps()}.
     *
     * @return one map per row
     */
    Flux<Map<String, @Nullable Object>> findMaps() {
        return run(statement, Map.class, null).map(m -> {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) m;
            return map;
        });
    }

    /**
     * The body of {@link Query#preloadWithJoin}: the targets joined to the join table, each with its owner key.
     *
     * @param join the join with the join table
     * @param condition the owner keys
     * @param owner the join table's owner column
     * @return pairs of target and owner key
     */
    Flux<Object[]> preloadWithJoin(Expression join, Expression condition, Column owner) {
        Schema s = query.requireSchema("preload");
        List<Expression> select = new ArrayList<>();
        select.add(w -> w.identifier(s.table()).keyword(".*"));
        select.add(w -> {
            owner.build(w);
            w.keyword(" AS ").identifier("r2orm_owner");
        });
        Statement st = statement.with(new Joins(List.of(join))).with(Where.of(condition))
                .without("SELECT").with(new Select(select, false));
        return Flux.deferContextual(ctx -> {
            Statement fin = statements.withDefaultSelect(statements.scoped(st, ctx)).with(new From(statement.table()));
            Operation op = Operation.builder(Operation.Kind.QUERY, db, fin, type)
                    .unscoped(options.unscoped())
                    .rowMapper(() -> {
                        BiFunction<io.r2dbc.spi.Row, io.r2dbc.spi.RowMetadata, Object> entities = RowMappers.entity(s);
                        return (row, meta) -> new Object[] {entities.apply(row, meta), row.get("r2orm_owner")};
                    })
                    .build();
            return db.bound(db.callbacksInternal().query().run(op, Flux.empty())).map(o -> (Object[]) o);
        });
    }

    /** The rows with their preloads, loaded once the rows have all been read. */
    private Flux<T> withPreloads(Flux<T> rows) {
        return withPreloadsEvery(Integer.MAX_VALUE, rows);
    }

    /** The rows with their preloads, loaded for every {@code window} rows as they arrive, each before it is emitted. */
    private Flux<T> withPreloadsEvery(int window, Flux<T> rows) {
        if (options.preloads().isEmpty()) {
            return rows;
        }
        Schema s = query.requireSchema("preload");
        Preloader.Node tree = Preloader.tree(options.preloads());
        return Flux.defer(() -> {
            Preloader.check(db, s, tree);
            return rows.buffer(window).concatMap(list -> Preloader.load(db, s, new ArrayList<Object>(list), tree,
                    options.unscoped()).thenMany(Flux.fromIterable(list)), 0);
        });
    }

    /** The one row of a statement with its preloads; {@link RecordNotFoundException} when there is none. */
    private Mono<T> single(Statement s) {
        return withPreloads(entities(s)).singleOrEmpty()
                .switchIfEmpty(Mono.defer(() -> db.currentSession().dryRun() ? Mono.empty()
                        : Mono.error(new RecordNotFoundException("record not found; SQL ["
                                + statements.finalStatement(s).render(db.dialect(), Statement.SELECT).sql() + "]"))));
    }

    /** The entities of a statement, without preloads. */
    private Flux<T> entities(Statement s) {
        return run(s, type, resultSchema()).map(type::cast);
    }

    /** The model's schema when the rows are read into the model, else null. */
    private @Nullable Schema resultSchema() {
        Schema s = query.schema();
        return s != null && s.type() == type ? s : null;
    }

    private Flux<Object> run(Statement s, Class<?> resultType, @Nullable Schema resultSchema) {
        return run(s, resultType, resultSchema, null);
    }

    /**
     * Runs a statement through the query step.
     *
     * @param s the statement, before context scopes, joins, select list and {@code FROM}
     * @param resultType what a row is read into
     * @param resultSchema the schema rows are read with, or null
     * @param mapper the row mapper, or null for the step's own (joined entities with association joins)
     * @return the rows
     */
    private Flux<Object> run(Statement s, Class<?> resultType, @Nullable Schema resultSchema,
            @Nullable Supplier<BiFunction<io.r2dbc.spi.Row, io.r2dbc.spi.RowMetadata, Object>> mapper) {
        return Flux.deferContextual(ctx -> {
            boolean entities = !options.joins().isEmpty() && query.schema() != null && resultType == type;
            Statement fin = statements.selectStatement(statements.scoped(s, ctx));
            Schema owner = query.schema();
            Operation op = Operation.builder(Operation.Kind.QUERY, db, fin, resultType)
                    .unscoped(options.unscoped())
                    .resultSchema(resultSchema)
                    .fetchSize(effectiveFetchSize(fin))
                    .rowMapper(mapper != null || !entities ? mapper
                            : () -> AssociationJoins.mapper(db, owner, options.joins()))
                    .build();
            return db.bound(db.callbacksInternal().query().run(op, Flux.empty()));
        });
    }

    /** The fetch size to use for a statement: none when none is set or its limit fits in one fetch. */
    private int effectiveFetchSize(Statement s) {
        int size = options.fetchSize() > 0 ? options.fetchSize()
                : db.currentSession().fetchSize() > 0 ? db.currentSession().fetchSize() : Session.DEFAULT_FETCH_SIZE;
        if (size == 0) {
            return 0;
        }
        Limit limit = (Limit) s.clause("LIMIT");
        return limit != null && limit.limit() >= 0 && limit.limit() <= size ? 0 : size;
    }
}
