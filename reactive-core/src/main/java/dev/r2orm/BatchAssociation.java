package dev.r2orm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One association of several owners at once, as GORM's association mode on a slice of owners: {@code find} and
 * {@code count} span every owner, {@code append} and {@code replace} take one list of values per owner,
 * {@code delete} and {@code clear} act on every owner. Writes run in one transaction.
 *
 * <pre>{@code
 * db.association(List.of(ann, bob), "Languages", Language.class)
 *         .append(List.of(List.of(en), List.of(de, fr)));   // en for ann; de and fr for bob
 * }</pre>
 *
 * @param <A> the associated type
 */
public final class BatchAssociation<A> {

    private final Db db;
    private final List<?> owners;
    private final String name;
    private final Class<A> type;

    BatchAssociation(Db db, List<?> owners, String name, Class<A> type) {
        this.db = db;
        this.owners = List.copyOf(owners);
        this.name = name;
        this.type = type;
    }

    private Association<A> of(Db view, Object owner) {
        return view.model(owner).association(name, type);
    }

    /**
     * The associated rows of every owner: one query per owner, run one after the other.
     *
     * <p>Cancelling stops the current owner's query (no more rows are read, a statement still running is stopped on
     * the server, and the connection goes back to the pool; inside a transaction it stays the transaction's) and
     * queries no further owner.
     *
     * @return the associated rows of every owner, owner by owner. A query's translated error ends the stream: an
     *     {@link R2ormException} when an owner's key is not set, {@link InvalidModelException} when a guessed foreign
     *     key column does not exist or the owners have no such association
     */
    public Flux<A> find() {
        return Flux.fromIterable(owners).concatMap(o -> of(db, o).find());
    }

    /**
     * Counts the associated rows of every owner in one statement, grouped by owner key, and sums the counts (a row
     * linked to two owners counts twice, an owner listed twice counts twice):
     * {@code SELECT "books"."author_id" AS r2orm_owner, COUNT(*) AS r2orm_count FROM "books"
     * WHERE "books"."author_id" IN ($1,$2) GROUP BY "books"."author_id"}. More than 10,000 distinct owner keys take
     * one statement per 10,000. Soft-deleted rows are not counted.
     *
     * @return the total over all owners; 0 without a statement for no owners. An {@link R2ormException} when an
     *     owner's key is not set (a belongs-to owner without a foreign key counts 0). Cancelling stops the statement.
     */
    public Mono<Long> count() {
        return Mono.defer(() -> owners.isEmpty() ? Mono.just(0L)
                : AssociationCount.total(db, of(db, owners.get(0)).relation(), owners));
    }

    /**
     * Links values to each owner: the i-th list to the i-th owner.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements runs in a transaction of its own, which is
     * rolled back, and a single statement already sent may or may not have taken effect. The connection is released
     * either way.
     *
     * @param perOwner one list of values per owner
     * @return completes when linked
     * @throws IllegalArgumentException when the number of lists differs from the number of owners
     */
    public Mono<Void> append(List<? extends List<? extends A>> perOwner) {
        check(perOwner);
        return db.transaction(tx -> Flux.range(0, owners.size())
                .concatMap(i -> of(tx.db(), owners.get(i)).append(perOwner.get(i)))).then();
    }

    /**
     * Replaces each owner's links: the i-th list becomes the i-th owner's.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements runs in a transaction of its own, which is
     * rolled back, and a single statement already sent may or may not have taken effect. The connection is released
     * either way.
     *
     * @param perOwner one list of values per owner
     * @return completes when replaced
     * @throws IllegalArgumentException when the number of lists differs from the number of owners
     */
    public Mono<Void> replace(List<? extends List<? extends A>> perOwner) {
        check(perOwner);
        return db.transaction(tx -> Flux.range(0, owners.size())
                .concatMap(i -> of(tx.db(), owners.get(i)).replace(perOwner.get(i)))).then();
    }

    /**
     * Unlinks the values from every owner.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements runs in a transaction of its own, which is
     * rolled back, and a single statement already sent may or may not have taken effect. The connection is released
     * either way.
     *
     * @param values the rows to unlink
     * @return the links removed, over all owners; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}, which rolls every owner's
     *     unlinking back; {@link R2ormException} when an owner's key is not set
     */
    public Mono<Long> delete(List<? extends A> values) {
        List<A> copy = new ArrayList<>(values);
        return db.transaction(tx -> Flux.fromIterable(owners).concatMap(o -> of(tx.db(), o).delete(copy)))
                .reduce(0L, Long::sum);
    }

    /**
     * Unlinks every row from every owner, in one transaction (a savepoint inside a transaction); the rows are not
     * deleted.
     *
     * <p>Cancelling rolls the unlinking back, of every owner: a statement already sent completes first, then the
     * transaction is rolled back (inside a transaction, to its savepoint) and its connection released.
     *
     * @return the links removed from every owner, counted. A statement's translated {@link R2ormException} (and an
     *     {@link R2ormException} when an owner's key is not set) rolls every owner's unlinking back
     */
    public Mono<Long> clear() {
        return db.transaction(tx -> Flux.fromIterable(owners).concatMap(o -> of(tx.db(), o).clear()))
                .reduce(0L, Long::sum);
    }

    private void check(List<?> perOwner) {
        Objects.requireNonNull(perOwner, "perOwner must not be null");
        if (perOwner.size() != owners.size()) {
            throw new IllegalArgumentException("association " + name + ": " + perOwner.size() + " lists of values for "
                    + owners.size() + " owners; give one list per owner");
        }
    }
}
