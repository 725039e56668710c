package dev.r2orm;

import dev.r2orm.internal.TxState;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * An open transaction: a {@link Db} bound to one connection. Operations through it run on that connection;
 * {@link #transaction(Function)} nests a savepoint. A transaction from {@link Db#transaction(Function)} ends by
 * itself when its function's publisher terminates; one from {@link Db#begin()} ends with {@link #commit()} or
 * {@link #rollback()}. Any use after the end signals {@link TransactionClosedException}.
 */
public final class Tx implements DbOperations {

    private final Db db;
    private final TxState state;
    private final boolean manual;

    Tx(Db db, TxState state, boolean manual) {
        this.db = db;
        this.state = state;
        this.manual = manual;
    }

    /** @return the database view bound to this transaction, for every operation {@link Db} offers */
    public Db db() {
        return db;
    }

    /**
     * A context writer that makes work subscribed with it run in this transaction, as work inside
     * {@link Db#transaction(Function)} does: {@code flux.contextWrite(tx.context())}. r2orm operations through any
     * view of this database use the transaction's connection, and {@code transaction(...)} in them is a savepoint; with
     * spring-r2dbc on the class path, Spring's {@code DatabaseClient}, {@code TransactionalOperator} and
     * {@code @Transactional} methods over the same connection factory take part in it too. A context already in this
     * transaction is returned as it is. Meant for frameworks and test kits that subscribe work themselves; the
     * transaction still ends only by {@link #commit()} or {@link #rollback()} (or with its {@code db.transaction}).
     *
     * @return the context writer; work subscribed after the transaction ended fails with
     *     {@link TransactionClosedException}
     */
    public Function<Context, Context> context() {
        return ctx -> db.executor().bindContext(ctx, state);
    }

    /** @return whether the transaction was committed or rolled back */
    public boolean isClosed() {
        return state.isClosed();
    }

    /**
     * Inserts an entity in this transaction; see {@link Db#create(Object)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the created entity; errors as {@link DbOperations#create(Object)}; {@link TransactionClosedException}
     *     once the transaction has ended
     */
    @Override
    public <T> Mono<T> create(T entity) {
        return db.create(entity);
    }

    /**
     * Inserts entities in this transaction; see {@link Db#createAll(List)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param entities the entities
     * @param <T> the model type
     * @return the created entities; errors as {@link DbOperations#createAll(List)}; {@link TransactionClosedException}
     *     once the transaction has ended
     */
    @Override
    public <T> Flux<T> createAll(List<T> entities) {
        return db.createAll(entities);
    }

    /**
     * Inserts a stream of entities in chunks in this transaction, so that every chunk commits with it or none does;
     * see {@link Db#createInBatches(org.reactivestreams.Publisher, int)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param source the entities
     * @param batchSize the entities per chunk, at least 1
     * @param <T> the model type
     * @return the created entities; a failing chunk signals {@link BatchFailedException}
     */
    @Override
    public <T> Flux<T> createInBatches(org.reactivestreams.Publisher<? extends T> source, int batchSize) {
        return db.createInBatches(source, batchSize);
    }

    /**
     * Bulk-loads a stream of entities in this transaction, all or nothing on every dialect; see
     * {@link Db#copyIn(Class, org.reactivestreams.Publisher)}.
     *
     * <p>Cancelling stops the load, which is not shielded as other writes are: on PostgreSQL the driver abandons the
     * COPY, which leaves the transaction failed (end it with rollback(), or let its db.transaction roll back); on the
     * other databases no further chunk is sent, and the INSERT in flight completes before the transaction's next
     * statement.
     *
     * @param type the model class
     * @param source the entities
     * @param <T> the model type
     * @return the rows loaded; errors as {@link DbOperations#copyIn(Class, Publisher)};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public <T> Mono<Long> copyIn(Class<T> type, org.reactivestreams.Publisher<? extends T> source) {
        return db.copyIn(type, source);
    }

    /**
     * Starts a query in this transaction; see {@link Db#model(Class)}.
     *
     * @param type the model class
     * @param <T> the model type
     * @return the query
     */
    @Override
    public <T> Query<T> model(Class<T> type) {
        return db.model(type);
    }

    /**
     * Starts a query on an entity in this transaction; see {@link Db#model(Object)}.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the query
     */
    @Override
    public <T> Query<T> model(T entity) {
        return db.model(entity);
    }

    /**
     * Starts a query on a table without a model, in this transaction; see {@link Db#table(String)}.
     *
     * @param name the table name
     * @return the query
     */
    @Override
    public Query<Map<String, Object>> table(String name) {
        return db.table(name);
    }

    /**
     * Starts a query on SQL written by the developer, in this transaction; see {@link Db#table(String, Object,
     * Object...)}.
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value (a {@link Query} renders as a subquery)
     * @param more further values
     * @return the query
     */
    @Override
    public Query<Map<String, Object>> table(String sql, Object arg, Object... more) {
        return db.table(sql, arg, more);
    }

    /**
     * SQL written by the developer, to read rows in this transaction; see {@link Db#raw(String, Object, Object...)}.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the raw statement, run by its terminal methods in this transaction
     */
    @Override
    public Raw raw(String sql, @Nullable Object arg, @Nullable Object... more) {
        return db.raw(sql, arg, more);
    }

    /**
     * SQL written by the developer with one value, to read rows in this transaction; see
     * {@link Db#raw(String, Object)}.
     *
     * @param sql trusted SQL text with one placeholder, or {@code @name} placeholders and a map
     * @param arg the value
     * @return the raw statement, run by its terminal methods in this transaction
     */
    @Override
    public Raw raw(String sql, @Nullable Object arg) {
        return db.raw(sql, arg);
    }

    /**
     * SQL written by the developer without values, to read rows in this transaction; see {@link Db#raw(String)}.
     *
     * @param sql trusted SQL text without placeholders
     * @return the raw statement, run by its terminal methods in this transaction
     */
    @Override
    public Raw raw(String sql) {
        return db.raw(sql);
    }

    /**
     * The association mode over several owners of one class, in this transaction; see
     * {@link Db#association(List, String, Class)}.
     *
     * @param owners the owners, all with their primary keys set
     * @param name the association's field name
     * @param type the associated class
     * @param <A> the associated type
     * @return the batch association
     */
    @Override
    public <A> BatchAssociation<A> association(List<?> owners, String name, Class<A> type) {
        return db.association(owners, name, type);
    }

    /**
     * Saves an entity in this transaction; see {@link Db#save(Object)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the saved entity; errors as {@link DbOperations#save(Object)}; {@link TransactionClosedException} once
     *     the transaction has ended
     */
    @Override
    public <T> Mono<T> save(T entity) {
        return db.save(entity);
    }

    /**
     * Deletes an entity in this transaction; see {@link Db#delete(Object)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param entity the entity
     * @param <T> the model type
     * @return the number of rows deleted; errors as {@link DbOperations#delete(Object)};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public <T> Mono<Long> delete(T entity) {
        return db.delete(entity);
    }

    /**
     * Runs a statement rendered with r2orm's clauses in this transaction; see {@link Db#exec(dev.r2orm.clause.Sql)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param sql the rendered statement, with this database's dialect
     * @return the number of rows affected; the statement's translated {@link R2ormException};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public Mono<Long> exec(dev.r2orm.clause.Sql sql) {
        return db.exec(sql);
    }

    /**
     * Runs SQL in this transaction; see {@link Db#exec(String, Object, Object...)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return the number of rows affected; the statement's translated {@link R2ormException};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public Mono<Long> exec(String sql, @Nullable Object arg, @Nullable Object... more) {
        return db.exec(sql, arg, more);
    }

    /**
     * Runs SQL with one value in this transaction; see {@link Db#exec(String, Object)}.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg the value
     * @return the number of rows affected; the statement's translated {@link R2ormException};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public Mono<Long> exec(String sql, @Nullable Object arg) {
        return db.exec(sql, arg);
    }

    /**
     * Runs SQL without values in this transaction.
     *
     * <p>Cancelling: the statement already sent still completes, and the transaction's next statement waits for it; the
     * transaction ends only with commit() or rollback(), or with its db.transaction.
     *
     * @param sql trusted SQL text without placeholders
     * @return the number of rows affected; the statement's translated {@link R2ormException};
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public Mono<Long> exec(String sql) {
        return db.exec(sql);
    }

    /**
     * Runs a function in a savepoint of this transaction: rolled back to on error or cancel, the error still
     * signalled; released on completion.
     *
     * @param work the nested function
     * @param <R> the element type
     * @return the function's elements; the function's error, after rolling back to the savepoint;
     *     {@link TransactionClosedException} once the transaction has ended
     */
    @Override
    public <R> Flux<R> transaction(Function<Tx, ? extends Publisher<R>> work) {
        return db.transaction(work);
    }

    /**
     * Runs a function that produces one value in a savepoint of this transaction; see {@link #transaction(Function)}.
     * The value is emitted once the savepoint is released, so taking it never cancels the work, as
     * {@code Mono.from(tx.transaction(...))} or {@code next()} would (a cancel rolls the savepoint back).
     *
     * @param work the nested function
     * @param <R> the value type
     * @return the value, once the savepoint is released; the function's error, after rolling back to the savepoint
     */
    @Override
    public <R> Mono<R> transactionMono(Function<Tx, ? extends Mono<R>> work) {
        return db.transactionMono(work);
    }

    /**
     * Commits a transaction begun with {@link Db#begin()} and releases its connection.
     *
     * <p>Cancelling stops only the waiting: the statement, once begun, runs to its end and the connection is released.
     *
     * @return completes when committed; {@link TransactionClosedException} if it already ended
     * @throws IllegalStateException for the transaction of {@link Db#transaction(Function)}, which commits itself
     */
    public Mono<Void> commit() {
        return end(true);
    }

    /**
     * Rolls back a transaction begun with {@link Db#begin()} and releases its connection.
     *
     * <p>Cancelling stops only the waiting: the statement, once begun, runs to its end and the connection is released.
     *
     * @return completes when rolled back; {@link TransactionClosedException} if it already ended
     * @throws IllegalStateException for the transaction of {@link Db#transaction(Function)}
     */
    public Mono<Void> rollback() {
        return end(false);
    }

    private Mono<Void> end(boolean commit) {
        if (!manual) {
            throw new IllegalStateException("this transaction ends when its db.transaction(...) publisher terminates;"
                    + " signal an error to roll it back");
        }
        return Mono.defer(() -> state.isClosed() ? Mono.error(closed())
                : db.executor().end(state, commit ? state.connection().commitTransaction()
                        : state.connection().rollbackTransaction(), commit ? "COMMIT" : "ROLLBACK"));
    }

    /**
     * Creates a named savepoint ({@code SAVEPOINT name}).
     *
     * <p>Cancelling after the statement was sent does not undo it.
     *
     * @param name the savepoint's name: letters, digits and underscores
     * @return completes when created
     * @throws IllegalArgumentException when the name is not an identifier
     */
    public Mono<Void> savePoint(String name) {
        String checked = dev.r2orm.internal.Identifiers.column(name, "savePoint");
        return Mono.defer(() -> state.isClosed() ? Mono.error(closed())
                : db.executor().transactionStatement(state.connection(), "SAVEPOINT " + checked,
                        state.connection().createSavepoint(checked)));
    }

    /**
     * Rolls back to a named savepoint ({@code ROLLBACK TO SAVEPOINT name}); the transaction goes on.
     *
     * <p>Cancelling after the statement was sent does not undo it.
     *
     * @param name the savepoint's name
     * @return completes when rolled back; the statement's translated {@link R2ormException} (an unknown savepoint, for
     *     example); {@link TransactionClosedException} once the transaction has ended
     */
    public Mono<Void> rollbackTo(String name) {
        String checked = dev.r2orm.internal.Identifiers.column(name, "rollbackTo");
        return Mono.defer(() -> state.isClosed() ? Mono.error(closed())
                : db.executor().transactionStatement(state.connection(), "ROLLBACK TO SAVEPOINT " + checked,
                        state.connection().rollbackTransactionToSavepoint(checked)));
    }

    private static TransactionClosedException closed() {
        return new TransactionClosedException("the transaction was already committed or rolled back");
    }

    @Override
    public String toString() {
        return "Tx[" + (state.isClosed() ? "closed" : "open") + (manual ? ", manual" : "") + "]";
    }
}
