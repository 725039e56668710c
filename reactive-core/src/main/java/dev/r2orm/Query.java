package dev.r2orm;

import dev.r2orm.callbacks.UpdatePlan;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Subquery;
import dev.r2orm.clause.Where;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query on a table, built by chaining; it also runs updates and deletes on the rows it matches. Immutable: every
 * call returns a new query and leaves this one as it was, so a base query can be stored and shared across threads and
 * requests (GORM's reused-chain bug cannot happen). Nothing runs before a terminal method's result is subscribed; each
 * subscription runs it again.
 *
 * <pre>{@code
 * Query<User> adults = db.model(User.class).where("age >= ?", 18);
 * adults.order("name").limit(10).find();   // SELECT * FROM "users" WHERE age >= $1 ORDER BY "name" LIMIT 10
 * adults.count();                          // SELECT COUNT(*) FROM "users" WHERE age >= $1
 * adults.first();                          // ... ORDER BY "users"."id" LIMIT 1
 * adults.update("active", true);           // UPDATE "users" SET "active"=$1,"updated_at"=$2 WHERE age >= $3
 * }</pre>
 *
 * <p>A model with a soft-delete field ({@code deletedAt}) gets {@code "users"."deleted_at" IS NULL} in every query,
 * update and delete, unless {@link #unscoped()}.
 *
 * @param <T> the model type ({@code Map<String, Object>} for {@link Db#table(String)})
 */
public final class Query<T> extends QueryChain<T> implements Subquery {

    Query(Db db, Class<T> type, Statement statement, @Nullable T entity) {
        this(db, type, statement, entity, QueryOptions.none());
    }

    /**
     * @param db the database view it runs on
     * @param type the model type
     * @param statement the statement built so far
     * @param entity the entity it was made from, or null
     * @param options everything else a chained call set
     */
    Query(Db db, Class<T> type, Statement statement, @Nullable T entity, QueryOptions<T> options) {
        super(db, type, statement, entity, options);
    }

    // ---------------------------------------------------------------- create


    /**
     * Inserts an entity with this query's {@link #select(String...)} / {@link #omit(String...)} and
     * {@link #onConflict(OnConflict)}; otherwise as {@link Db#create(Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param value the entity
     * @return the created entity; empty when an upsert that does nothing skipped it; errors as
     *     {@link DbOperations#create(Object)}
     */
    public Mono<T> create(T value) {
        return createAll(List.of(Objects.requireNonNull(value, "value must not be null"))).singleOrEmpty();
    }

    /**
     * Inserts entities of the model as {@link Db#createAll(List)} does, with this query's select/omit and upsert
     * rule.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the entities
     * @return the created entities in order; with an upsert that does nothing, only those inserted; errors as
     *     {@link DbOperations#createAll(List)}
     */
    public Flux<T> createAll(List<? extends T> values) {
        return new QueryWrites<>(this).createAll(values);
    }

    /**
     * Inserts one row from a map of field (or column) names to values or {@link Expr}s, as GORM's
     * {@code Create(map)}: timestamps are set, the generated key is put into the map under the key's field name.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the row
     * @return a copy of the map with the generated key and timestamps; empty when an upsert that does nothing
     *     skipped it
     * @throws IllegalArgumentException naming a key that is not a field or column
     */
    public Mono<Map<String, @Nullable Object>> create(Map<String, ?> values) {
        return new QueryWrites<>(this).create(values);
    }

    // ---------------------------------------------------------------- reads

    /**
     * Finds every matching row, as a stream: rows are read from the driver as the subscriber requests them, a
     * {@link #fetchSize(int) fetch size} at a time, so a result larger than memory passes through a small heap. The
     * stream holds its connection until it ends; inside a transaction, finish (or window) it before running another
     * statement in the same transaction, since the connection is busy until then.
     *
     * <p>With {@link #preload preloads}, rows come in the query's order, in windows of 1,000: each window's
     * associations are loaded (one statement per association and level, at most 1,000 keys each) before the window
     * is emitted and the next one is read, so memory holds one window with its associations, whatever the order or
     * size of the result. A preload's own order sorts each row's associated rows only. How windows are read:
     * <ul>
     *   <li>with no order, or an order by columns of the model: each window is a statement of its own, like
     *   {@link #findInBatches}, in that order with the primary key breaking ties, NULLs where the database sorts
     *   them, continuing after the last row of the window before; a limit and offset cap the windows. Each window's
     *   result is closed before its preload statements run, so one connection serves the whole read (inside a
     *   transaction too). Each window is a query: on a large table, index the order's columns.
     *   <li>with an order that windows cannot follow ({@link #order(Expr)}, a column of another table) or a model
     *   without primary key: the one result streams in its order and every 1,000 rows are preloaded as they arrive.
     *   Its connection stays open meanwhile, so the preload statements take another connection of the pool; inside
     *   a transaction they make the rest of the result be read into memory first. Order by columns of the model to
     *   keep a large read in a transaction bounded.
     *   <li>with a limit of at most 1,000 rows: one statement, then the preloads.
     * </ul>
     *
     * <pre>{@code
     * db.model(Author.class).order("name").preload("Books", q -> q.order("title desc")).find()
     * // on PostgreSQL:
     * // SELECT * FROM "authors" ORDER BY "authors"."name","authors"."id" LIMIT 1000
     * // SELECT * FROM "books" WHERE "books"."author_id" = ANY(CAST($1 AS bigint[])) ORDER BY "title" DESC
     * // SELECT * FROM "authors" WHERE (("authors"."name" > $1 OR "authors"."name" IS NULL)
     * //     OR ("authors"."name" = $2 AND "authors"."id" > $3)) ORDER BY "authors"."name","authors"."id" LIMIT 1000
     * // SELECT * FROM "books" WHERE "books"."author_id" = ANY(...) ORDER BY "title" DESC, and so on
     * // (elsewhere, and for fewer than 32 keys, "author_id" IN ($1,$2,...))
     * }</pre>
     *
     * @return the entities; empty when nothing matches. Cancelling releases the connection once the driver has
     *     discarded the rest of the result or cancelled it on the server (with a {@link #fetchSize} on PostgreSQL: at
     *     most one fetch)
     * @throws UnsupportedOperationException with preloads on a query without model ({@code db.table(...)})
     */
    public Flux<T> find() {
        return intercepted("find", true, new QueryReads<>(this).find());
    }

    /**
     * Reads the matching rows in batches by keyset pagination: each batch is its own query, run only when the
     * subscriber asks for the batch, with preloads applied to it, continuing after the last row of the batch before
     * ({@code WHERE ... AND ("id") > ($n) ORDER BY "id" LIMIT size}). Without an {@link #order} the batches follow
     * the primary key (composite keys too); with one, on columns of the model, they follow that order with the
     * primary key as tie-breaker, NULLs placed where the database sorts them (so unlike GORM, the order is honoured
     * rather than silently broken). Rows of the current batch may be updated or deleted inside the pipeline.
     *
     * <pre>{@code
     * db.model(User.class).where("active = ?", true).order("age desc").findInBatches(500)
     *         .concatMap(batch -> process(batch))
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param size the rows per batch, at least 1
     * @return the batches, each a list of at most {@code size} rows
     * @throws IllegalArgumentException when size is below 1
     * @throws UnsupportedOperationException when the query has a limit or offset, the model has no primary key, the
     *     order is not by columns of the model, or a select list leaves out the primary key or a column of the order
     *     (the values each batch continues after)
     */
    public Flux<List<T>> findInBatches(int size) {
        return intercepted("findInBatches", true, new QueryReads<>(this).findInBatches(size));
    }

    /**
     * Finds the rows whose primary key is one of {@code ids}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param ids primary key values
     * @return the entities; the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     */
    public Flux<T> find(Collection<?> ids) {
        return with(statement.with(Where.of(keyEquals(List.copyOf(ids))))).find();
    }

    /**
     * Finds the rows matching an inline condition: {@code find("age > ?", 18)}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value
     * @param more further values
     * @return the entities; the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     */
    public Flux<T> find(String sql, @Nullable Object arg, @Nullable Object... more) {
        return where(Expr.of(sql, arg, more)).find();
    }

    /**
     * The first row ordered by primary key ({@code ORDER BY "id" LIMIT 1}), after any order already given.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> first() {
        return intercepted("first", true, new QueryReads<>(this).byKey(false));
    }

    /**
     * The row with this primary key: {@code first(10)}, {@code first("en")}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param id the primary key value
     * @return the entity; {@link RecordNotFoundException} when there is none
     */
    public Mono<T> first(Object id) {
        return with(statement.with(Where.of(keyEquals(Objects.requireNonNull(id, "id must not be null"))))).first();
    }

    /**
     * The first row matching an inline condition: {@code first("name = ?", "Ann")}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value
     * @param more further values
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> first(String sql, @Nullable Object arg, @Nullable Object... more) {
        return where(Expr.of(sql, arg, more)).first();
    }

    /**
     * One row in no particular order ({@code LIMIT 1}).
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> take() {
        return intercepted("take", true, new QueryReads<>(this).take());
    }

    /**
     * The last row ordered by primary key ({@code ORDER BY "id" DESC LIMIT 1}), after any order already given.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> last() {
        return intercepted("last", true, new QueryReads<>(this).byKey(true));
    }

    /**
     * Counts the matching rows, ignoring order, limit, offset and locking. With {@code distinct} or {@code group} it counts
     * the distinct rows or the groups ({@code SELECT COUNT(*) FROM (...) AS "r2orm_count"}).
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the count; 0 in a dry run; the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     */
    public Mono<Long> count() {
        return intercepted("count", true, new QueryReads<>(this).count());
    }

    /**
     * The values of one column: {@code pluck("name", String.class)}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param column a column or field name ({@code table.column} allowed), validated and quoted
     * @param valueType the Java type to read it as
     * @param <R> the value type
     * @return the values, one per matching row that is not NULL (a reactive stream cannot carry null: count the
     *     NULLs with {@code where("col IS NULL").count()})
     * @throws IllegalArgumentException when {@code column} is not a column name
     */
    public <R> Flux<R> pluck(String column, Class<R> valueType) {
        return intercepted("pluck", true, new QueryReads<>(this).pluck(column, valueType));
    }

    /**
     * Reads the matching rows into another class, a DTO or record, by column name. Without a {@code select}, only
     * the DTO's columns are selected (GORM's smart select).
     *
     * <pre>{@code
     * record UserName(Long id, String name) {}
     * q.scan(UserName.class)   // SELECT "users"."id","users"."name" FROM "users" ...
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param dto the class to read into; mapped like a model (fields, or record components)
     * @param <R> the DTO type
     * @return the DTOs
     * @throws InvalidModelException when the class cannot be mapped
     */
    public <R> Flux<R> scan(Class<R> dto) {
        return intercepted("scan", true, new QueryReads<>(this).scan(dto));
    }

    /**
     * Streams the matching rows through a function, for results a model does not fit (GORM's {@code Rows} and
     * {@code ScanRows}): the function reads columns by name or index, or scans the row into a model or DTO. Rows
     * are read as the subscriber requests them, with the query's fetch size.
     *
     * <pre>{@code
     * db.model(User.class).select(Expr.raw("users.*, length(name) AS name_length"))
     *         .rows(row -> Map.entry(row.scan(User.class), row.get("name_length", Integer.class)))
     * }</pre>
     *
     * @param function reads one row; the {@link ResultRow} is valid only during the call; must not return null
     * @param <R> what the function makes of a row
     * @return one value per row; a {@link NullPointerException} when the function returns null, and the function's
     *     own errors. Cancelling releases the connection.
     */
    public <R> Flux<R> rows(java.util.function.Function<ResultRow, ? extends R> function) {
        return intercepted("rows", true, new QueryReads<>(this).rows(function));
    }

    /**
     * Reads the matching rows as maps of column label (lower-case) to value.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return one map per row, columns in result order; the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     */
    public Flux<Map<String, @Nullable Object>> findMaps() {
        return intercepted("findMaps", true, new QueryReads<>(this).findMaps());
    }

    // ---------------------------------------------------------------- first or init / create

    /**
     * Values used by {@link #firstOrInit()} and {@link #firstOrCreate()} only when no row matches.
     *
     * @param values field or column names to values
     * @return a new query
     */
    public Query<T> attrs(Map<String, ?> values) {
        Map<String, @Nullable Object> merged = FirstOrInit.merged(options.attrs(), values);
        return with(options.with(b -> b.attrs = merged));
    }

    /**
     * Values written into the result of {@link #firstOrInit()} and {@link #firstOrCreate()} whether a row matches
     * or not; {@code firstOrCreate} also saves them to a matching row.
     *
     * @param values field or column names to values
     * @return a new query
     */
    public Query<T> assign(Map<String, ?> values) {
        Map<String, @Nullable Object> merged = FirstOrInit.merged(options.assign(), values);
        return with(options.with(b -> b.assign = merged));
    }

    /**
     * The first matching row, or a new, unsaved instance built from the query's equality conditions (from
     * {@link #where(Map)} or {@link #where(Object)}), then {@link #attrs}, then {@link #assign}.
     *
     * <pre>{@code
     * db.model(User.class).where(Map.of("name", "non_existing")).attrs(Map.of("age", 20)).firstOrInit()
     * // no row: User{name=non_existing, age=20}, not saved
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the found or new entity; the statement's translated {@link R2ormException}, such as
     *     {@link StatementTimeoutException} or {@link ConnectionUnavailableException}
     */
    public Mono<T> firstOrInit() {
        return FirstOrInit.firstOrInit(this);
    }

    /**
     * The first matching row, with {@link #assign} values saved to it; or, when no row matches, a new entity built as
     * in {@link #firstOrInit()} and created.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the found (and assigned) or created entity; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    public Mono<T> firstOrCreate() {
        return FirstOrInit.firstOrCreate(this);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Updates one column of the matching rows (and {@code updatedAt}), running update hooks when the query was made
     * from an entity ({@code db.model(user)}).
     *
     * <pre>{@code
     * db.model(user).update("name", "Bob")   // UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3
     * }</pre>
     *
     * <p>For a model with a {@link dev.r2orm.annotation.Version @Version}, the version is moved on; when the query
     * was made from an entity whose key and version are set, the row must still hold that version
     * ({@code AND "users"."version" = $4}), else {@link OptimisticLockException} is signalled, and on success the new
     * version is written into the entity. Without an entity nothing is checked.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param column a field or column name
     * @param value the value, or an {@link Expr} / subquery
     * @return the number of rows updated; {@link MissingWhereClauseException} when the query has no condition,
     *     {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> update(String column, @Nullable Object value) {
        return new QueryWrites<>(this).update(column, value, true);
    }

    /**
     * Updates columns from a map, every entry including zero values, and {@code updatedAt}; the {@code @Version} as
     * for {@link #update(String, Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values or {@link Expr}s
     * @return the number of rows updated; {@link OptimisticLockException} when a checked version matched no row
     * @throws IllegalArgumentException naming a key that is not a field or column
     */
    public Mono<Long> updates(Map<String, ?> values) {
        return new QueryWrites<>(this).runUpdate(UpdatePlan.values(values), true);
    }

    /**
     * Updates from an entity's set fields (non-null; primitives other than 0/false), narrowed or widened by
     * {@link #select(String...)} / {@link #omit(String...)}, and {@code updatedAt}. The {@code @Version} is handled as
     * for {@link #update(String, Object)}: the version checked is that of the query's entity
     * ({@code db.model(entity)}), never the one in {@code values}, which is not written.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values an instance of the model holding the new values
     * @return the number of rows updated; {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> updates(T values) {
        return new QueryWrites<>(this).updates(values);
    }

    /**
     * Updates one column without hooks, without touching {@code updatedAt}, and without checking or moving the
     * {@code @Version} (GORM's {@code UpdateColumn}): for bookkeeping writes that must not conflict with edits.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param column a field or column name
     * @param value the value
     * @return the number of rows updated; {@link MissingWhereClauseException} when the query has no condition; the
     *     statement's translated {@link R2ormException}, such as a {@link ConstraintViolationException} or
     *     {@link StatementTimeoutException}
     */
    public Mono<Long> updateColumn(String column, @Nullable Object value) {
        return new QueryWrites<>(this).update(column, value, false);
    }

    /**
     * Updates columns from a map without hooks, without touching {@code updatedAt}, and without checking or moving the
     * {@code @Version}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values
     * @return the number of rows updated; {@link MissingWhereClauseException} when the query has no condition; the
     *     statement's translated {@link R2ormException}, such as a {@link ConstraintViolationException} or
     *     {@link StatementTimeoutException}
     */
    public Mono<Long> updateColumns(Map<String, ?> values) {
        return new QueryWrites<>(this).runUpdate(UpdatePlan.values(values), false);
    }

    /**
     * Deletes the matching rows; for a soft-delete model, sets {@code deletedAt} instead (unless
     * {@link #unscoped()}). Runs delete hooks when the query was made from an entity. For an entity, associations
     * named with {@link #select(String...)} are deleted first, in the same transaction:
     * {@code db.model(user).select("Posts", "Languages").delete()} deletes the user's posts and language links
     * ({@link Associations#ALL}: every has-one, has-many and many-to-many). For an entity whose model has a
     * {@link dev.r2orm.annotation.Version @Version} and whose version is set, the row must still hold that version,
     * else {@link OptimisticLockException} is signalled (and the association deletes are rolled back).
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the number of rows deleted; {@link MissingWhereClauseException} when the query has no condition,
     *     {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> delete() {
        return new QueryWrites<>(this).delete();
    }

    /**
     * Deletes the rows whose primary key is one of {@code ids} (soft-deletes them for a soft-delete model).
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param ids primary key values
     * @return the number of rows deleted; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    public Mono<Long> delete(Collection<?> ids) {
        return new QueryWrites<>(this).delete(ids);
    }

    /**
     * Updates like {@link #updates(Map)} and emits the updated rows as they are afterwards: {@code RETURNING *} on
     * PostgreSQL, {@code FINAL TABLE} on H2; MySQL and MariaDB signal {@link UnsupportedByDialectException}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values or {@link Expr}s
     * @return the updated rows
     */
    public Flux<T> updatesReturning(Map<String, ?> values) {
        return new QueryWrites<>(this).updatesReturning(values);
    }

    /**
     * Deletes like {@link #delete()} and emits the deleted rows as they were: {@code RETURNING *} on PostgreSQL and
     * MariaDB, {@code OLD TABLE} on H2; MySQL signals {@link UnsupportedByDialectException}. A soft delete is an
     * update, so on MariaDB it is unsupported too.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the deleted rows
     */
    public Flux<T> deleteReturning() {
        return new QueryWrites<>(this).deleteReturning();
    }

    /**
     * Runs an update of the matching rows with this query's entity ({@link Db#save} of an entity).
     *
     * @param plan what to set
     * @param hooksAndTimestamps whether hooks run, {@code updatedAt} is set and the {@code @Version} is handled
     * @return the number of rows updated
     */
    Mono<Long> runUpdate(UpdatePlan plan, boolean hooksAndTimestamps) {
        return new QueryWrites<>(this).runUpdate(plan, hooksAndTimestamps);
    }

    // ---------------------------------------------------------------- rendering

    /**
     * The statement {@link #find()} sends, rendered without a connection, as a dry run would log it: the
     * soft-delete condition, association joins ({@code LEFT JOIN "companies" "Company" ON ...} with the joined
     * columns selected) and raw joins included. With preloads, it is the main statement: when {@link #find()} reads
     * in keyset windows, the first window's ({@code ... ORDER BY "users"."id" LIMIT 1000}; later windows add a
     * condition on the last row's order values). The preload statements are not shown, since they depend on the rows
     * read.
     * {@link #contextScope} scopes are not applied: they need a subscriber's context.
     *
     * @return the SQL and its binds
     * @throws InvalidModelException when a joined association cannot be resolved
     */
    public Sql toSql() {
        return new QueryStatements<>(this).toSql();
    }

    /**
     * Renders this query's {@code SELECT} into another statement, as a subquery; its values are bound in place.
     *
     * @param w the writer
     */
    @Override
    public void build(SqlWriter w) {
        new QueryStatements<>(this).build(w);
    }

    @Override
    public String toString() {
        return "Query[" + type.getSimpleName() + ": " + toSql().sql() + "]";
    }

    /** Runs an operation of this query through the installed plugins' interceptors ({@link Interceptor}). */
    <R> Flux<R> intercepted(String operation, boolean reads, Flux<R> work) {
        dev.r2orm.schema.Schema s = schema();
        return db.intercepted(operation, collection(), s == null ? null : s.type(), reads, 0, work);
    }

    /** Runs an operation of one value of this query through the installed plugins' interceptors. */
    <R> Mono<R> intercepted(String operation, boolean reads, Mono<R> work) {
        dev.r2orm.schema.Schema s = schema();
        return db.intercepted(operation, collection(), s == null ? null : s.type(), reads, 0, work);
    }

    /** @return the table worked on, or null for a subquery source */
    private @Nullable String collection() {
        return statement.table().equals("r2orm_subquery") ? null : statement.table();
    }
}
