package dev.r2orm;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operations a {@link Db} and a {@link Tx} share: writing entities, starting queries, running SQL written by the
 * developer, and nesting a transaction. Code written against this interface runs the same way on its own (each
 * operation takes a pooled connection, and a write of several statements gets a transaction of its own) and inside a
 * transaction (every operation on the transaction's connection), so a repository method can take a
 * {@code DbOperations} and leave the choice to its caller:
 *
 * <pre>{@code
 * Mono<Order> place(DbOperations ops, Order order) {
 *     return ops.create(order).flatMap(o -> ops.exec("UPDATE stock SET qty = qty - ? WHERE sku = ?", o.qty, o.sku)
 *             .thenReturn(o));
 * }
 * place(db, order);                                            // two statements, each committed on its own
 * db.transactionMono(tx -> place(tx, order));                  // both or neither
 * }</pre>
 *
 * <p>Every method is lazy: nothing touches the database before its result is subscribed, and each subscription runs it
 * again.
 */
public interface DbOperations {

    /**
     * Inserts one entity. An unset auto-increment key is back-filled ({@code RETURNING} on PostgreSQL, H2's
     * generated keys, MariaDB's {@code RETURNING}, MySQL's {@code LAST_INSERT_ID()}), and unset {@code createdAt}
     * and {@code updatedAt} fields are set to the current time.
     *
     * <pre>{@code
     * db.create(new User("Alice", 30))   // INSERT INTO "users" ("name","age","created_at") VALUES ($1,$2,$3) RETURNING "id"
     * }</pre>
     *
     * @param entity a mapped class or record instance
     * @param <T> the model type
     * @return the created entity: the same instance, filled in, for a class; a new record for a record. Signals
     *     {@link DuplicatedKeyException} (and the other {@link ConstraintViolationException}s) when a constraint is
     *     broken, {@link InvalidModelException} when the class cannot be mapped. Cancelling before the INSERT
     *     completes may or may not leave the row written.
     */
    <T> Mono<T> create(T entity);

    /**
     * Inserts entities of one class with one multi-row {@code INSERT} (split into several only when the rows exceed
     * the dialect's bind-value limit; those run in one transaction). Keys and timestamps are back-filled in order.
     *
     * <pre>{@code
     * db.createAll(List.of(a, b, c))   // INSERT INTO "users" ("name","age") VALUES ($1,$2),($3,$4),($5,$6) RETURNING "id"
     * }</pre>
     *
     * @param entities the entities, all of the same class; empty emits nothing
     * @param <T> the model type
     * @return the created entities in order (new instances for records). Errors as {@link #create(Object)}; on an
     *     error no row of the call is left written. Cancelling rolls back a multi-statement create.
     * @throws IllegalArgumentException if the entities are not all of one class
     */
    <T> Flux<T> createAll(List<T> entities);

    /**
     * Inserts a stream of entities in chunks, with backpressure: it requests {@code batchSize} entities from the
     * source, writes them as multi-row {@code INSERT}s (as {@link #createAll(List)} does: split to the dialect's
     * bind-value limit and the session's {@code createBatchSize}, keys and timestamps back-filled, hooks run), emits
     * them once the chunk is written (and, outside a transaction, committed), and meanwhile requests the next chunk:
     * at most two chunks are held at once, and a slow database or a slow subscriber slows the source down. Never uses
     * {@code Statement.add()}, which costs one round trip per row.
     *
     * <pre>{@code
     * db.createInBatches(users, 1000)             // users: a Flux<User> of any length
     *         .map(u -> u.id)                       // keys back-filled
     * }</pre>
     *
     * <p>Outside a transaction each chunk commits on its own; inside one ({@link #transaction}), every chunk
     * commits with it or none does.
     *
     * @param source the entities, all of one class; an empty source emits nothing
     * @param batchSize the entities per chunk, at least 1
     * @param <T> the model type
     * @return the created entities in source order (new instances for records). A failed chunk signals
     *     {@link BatchFailedException}, naming the chunk and carrying the typed error as its cause; the earlier
     *     chunks stay committed outside a transaction. An error of the source is passed on as it is, after the
     *     chunks before it. Cancelling stops requesting the source; a chunk whose write is in flight is rolled back
     *     when it takes several statements, and may or may not be written when it takes one.
     * @throws IllegalArgumentException when batchSize is below 1
     */
    <T> Flux<T> createInBatches(Publisher<? extends T> source, int batchSize);

    /**
     * Bulk-loads a stream of entities, for loads that need no keys back. On PostgreSQL it runs one
     * {@code COPY "t" (...) FROM STDIN}, fed as the server takes the rows (several times faster than INSERTs); on
     * other dialects it falls back to {@link #createInBatches} in chunks of {@value BatchWrites#COPY_FALLBACK_CHUNK}. Either
     * way auto timestamps are filled and values go through the fields' converters, while hooks do not run and
     * associations are not written. The columns are those of the first entity: a key or a column with a database
     * default that is unset in it is left to the database, and then must be unset in every entity.
     *
     * <pre>{@code
     * db.copyIn(Event.class, events)   // Flux<Event> of any length; emits the rows loaded
     * }</pre>
     *
     * @param type the model class
     * @param source the entities
     * @param <T> the model type
     * @return the rows loaded; 0 for an empty source or a dry run (which logs the statements and writes nothing).
     *     Errors are typed as for {@link #create(Object)}; {@link IllegalArgumentException} for an entity that does
     *     not fit the first one's columns, {@link UnsupportedByDialectException} for a value with no text form. On
     *     PostgreSQL a failed or cancelled load writes nothing; on the fallback each chunk commits on its own
     *     outside a transaction ({@link BatchFailedException} names the failing one): run it in
     *     {@link #transaction} for all or nothing everywhere.
     * @throws InvalidModelException if the class cannot be mapped
     */
    <T> Mono<Long> copyIn(Class<T> type, Publisher<? extends T> source);

    /**
     * Starts a query on a model's table. The query is immutable: every chained call returns a new one, so a base
     * query can be kept in a field and shared.
     *
     * @param type the model class
     * @param <T> the model type
     * @return the query
     * @throws InvalidModelException if the class cannot be mapped (on the first use of the class)
     */
    <T> Query<T> model(Class<T> type);

    /**
     * Starts a query on one entity: its primary key (when set) becomes the condition, and updates and deletes run
     * its hooks and write back {@code updatedAt}.
     *
     * <pre>{@code
     * db.model(user).update("name", "Bob")   // UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3
     * }</pre>
     *
     * @param entity an instance of a mapped class
     * @param <T> the model type
     * @return the query
     */
    <T> Query<T> model(T entity);

    /**
     * Starts a query on a table without a model; rows read as maps. The name is validated ({@code name},
     * {@code schema.name}, optionally followed by an alias).
     *
     * @param name the table name
     * @return the query
     * @throws IllegalArgumentException when the name is not a table name
     */
    Query<Map<String, Object>> table(String name);

    /**
     * Starts a query on SQL written by the developer, typically a subquery: {@code table("(?) AS u", query)}. The
     * text is trusted SQL; the arguments are bound or, for queries, rendered in place.
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value (a {@link Query} renders as a subquery)
     * @param more further values
     * @return the query
     */
    Query<Map<String, Object>> table(String sql, Object arg, Object... more);

    /**
     * Saves an entity: inserts it when its primary key is unset; otherwise updates every column (zero values
     * included) and, if no row matched, inserts it. Hooks run as for create or update.
     *
     * <p>With a {@link dev.r2orm.annotation.Version @Version} whose value is set, the update requires it and moves it
     * on ({@code SET ..., "version"=COALESCE("version",0)+1 WHERE "id" = $n AND "version" = $m}); when no row matches
     * there is no insert: {@link OptimisticLockException} is signalled and the transaction rolled back. On success the
     * entity holds the new version, so it can be saved again.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the saved entity (a new record for a record); {@link OptimisticLockException} when its version is stale
     */
    <T> Mono<T> save(T entity);

    /**
     * Deletes an entity by its primary key (soft-deletes it for a soft-delete model), running its delete hooks. With a
     * {@link dev.r2orm.annotation.Version @Version} whose value is set, the row must still hold that version.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param entity the entity; its primary key must be set
     * @param <T> the model type
     * @return the number of rows deleted; {@link MissingWhereClauseException} when the key is unset,
     *     {@link OptimisticLockException} when the row was changed or deleted since the entity was read
     */
    <T> Mono<Long> delete(T entity);

    /**
     * SQL written by the developer, to read rows: {@code raw("SELECT * FROM users WHERE name = ?", "x").scan(User.class)}.
     * Values are bound; {@code @name} placeholders take {@link Named} arguments or one map.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the raw statement, run by its terminal methods
     */
    Raw raw(String sql, @Nullable Object arg, @Nullable Object... more);

    /**
     * SQL written by the developer with one value, to read rows. A value from a generic method is bound as it is
     * ({@code raw("SELECT * FROM orders WHERE tenant_id = ?", ctx.get("tenant"))}); an {@code Object[]} alone is the
     * argument list, as with varargs.
     *
     * @param sql trusted SQL text with one placeholder, or {@code @name} placeholders and a map
     * @param arg the value
     * @return the raw statement, run by its terminal methods
     */
    Raw raw(String sql, @Nullable Object arg);

    /**
     * SQL written by the developer without values, to read rows: {@code raw("SELECT * FROM users").scan(User.class)}.
     *
     * @param sql trusted SQL text without placeholders
     * @return the raw statement, run by its terminal methods
     */
    Raw raw(String sql);

    /**
     * Runs a statement rendered with r2orm's clauses ({@link Statement#render}), binding its values.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql the rendered statement, with this database's dialect
     * @return the number of rows affected; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    Mono<Long> exec(dev.r2orm.clause.Sql sql);

    /**
     * Runs SQL written by the developer that returns no rows: {@code exec("UPDATE users SET age = age + 1 WHERE id IN ?", ids)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the number of rows affected; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    Mono<Long> exec(String sql, @Nullable Object arg, @Nullable Object... more);

    /**
     * Runs SQL written by the developer with one value; see {@link #raw(String, Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg the value
     * @return the number of rows affected; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    Mono<Long> exec(String sql, @Nullable Object arg);

    /**
     * Runs SQL written by the developer without values: {@code exec("DELETE FROM sessions")}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param sql trusted SQL text without placeholders
     * @return the number of rows affected; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}
     */
    Mono<Long> exec(String sql);

    /**
     * Runs a function in a transaction: commits when its publisher completes, rolls back when it fails or is
     * cancelled ({@code take(n)}, {@code timeout}, a disposed subscription, a client that went away). The
     * transaction travels in the Reactor context, so every r2orm operation subscribed inside the publisher joins it,
     * through {@code tx}, through this {@code db}, in hooks and in helper methods alike. Called inside another
     * transaction, it runs in a savepoint: an error rolls back to the savepoint and still reaches the outer pipeline,
     * which may handle it and go on.
     *
     * <pre>{@code
     * db.transaction(tx -> tx.create(user1)
     *         .then(tx.transaction(tx2 -> tx2.create(user2).then(Mono.error(new IllegalStateException())))
     *                 .onErrorResume(e -> Mono.empty()).then())        // user2 rolled back to the savepoint
     *         .then(tx.create(user3)))                                  // user1 and user3 committed
     * }</pre>
     *
     * <p>Cancelling is rolling back: {@code next()}, {@code take(1)} or {@code elementAt} on the result cancel after
     * the first element, before the commit. Use {@link #transactionMono(Function)} for a single value, or
     * {@code single()}/{@code last()}, which wait for completion. A transaction lost this way, after its subscriber
     * received elements, is reported to {@link dev.r2orm.logger.Logger#warning}.
     *
     * <p>When the rollback after the function's error fails as well (the connection is gone), the function's error is
     * signalled, with the rollback's failure attached as suppressed.
     *
     * <p>Inside a Spring reactive transaction ({@code @Transactional}, {@code TransactionalOperator}) over this
     * {@code Db}'s connection factory instance, it is a savepoint on Spring's connection, and Spring commits or rolls
     * back; every other operation of this {@code Db} runs on that connection too.
     *
     * @param work the transaction function
     * @param <R> the element type
     * @return the function's elements; the translated error of the function, or of the commit
     */
    <R> Flux<R> transaction(Function<Tx, ? extends Publisher<R>> work);

    /**
     * Runs a function that produces one value in a transaction; see {@link #transaction(Function)}. The value is
     * emitted after the commit.
     *
     * <p>Cancelling rolls the transaction back (a savepoint: back to it) and releases its connection; a cancel after
     * elements were delivered is logged at WARN, since their work is lost.
     *
     * @param work the transaction function
     * @param <R> the value type
     * @return the value, once committed; errors as {@link #transaction(Function)}: the function's error, after the
     *     rollback, or the translated error of the BEGIN or COMMIT
     */
    <R> Mono<R> transactionMono(Function<Tx, ? extends Mono<R>> work);

    /**
     * The association mode over several owners of one class (GORM's {@code Model(&users).Association(...)}).
     *
     * @param owners the owners, all with their primary keys set
     * @param name the association's field name
     * @param type the associated class
     * @param <A> the associated type
     * @return the batch association
     * @throws InvalidModelException when the owners' class has no such association
     */
    <A> BatchAssociation<A> association(List<?> owners, String name, Class<A> type);
}
