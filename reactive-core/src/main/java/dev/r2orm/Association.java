package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.Not;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One association of one owner, to read and change the links: GORM's association mode.
 *
 * <pre>{@code
 * Association<Language> languages = db.model(user).association("Languages", Language.class);
 * languages.find();                       // the user's languages
 * languages.append(List.of(de));          // links (creates de if new)
 * languages.replace(List.of(en));         // links en, unlinks the rest
 * languages.delete(List.of(en));          // unlinks en (the row stays)
 * languages.clear();  languages.count();
 * }</pre>
 *
 * <p>Unlinking sets a has-one or has-many foreign key to NULL (the column must allow it), deletes join rows of a
 * many-to-many, and sets the owner's foreign key of a belongs-to to NULL. Writes run in one transaction and update
 * the owner's field in memory. The owner's primary key must be set.
 *
 * @param <A> the associated type
 */
public final class Association<A> {

    private final Db db;
    private final Object owner;
    private final Relation relation;
    private final Class<A> type;

    Association(Db db, Object owner, Relation relation, Class<A> type) {
        this.db = db;
        this.owner = owner;
        this.relation = relation;
        this.type = type;
    }

    /** @return the association's metadata */
    public Relation relation() {
        return relation;
    }

    /**
     * The associated rows.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the rows (for a to-one association, at most one); the statement's translated {@link R2ormException}, such
     *     as {@link StatementTimeoutException} or {@link ConnectionUnavailableException}; {@link R2ormException} when
     *     the owner's key is not set, {@link InvalidModelException} when a guessed foreign key column does not exist
     */
    public Flux<A> find() {
        return Flux.defer(() -> query().find().map(type::cast)).onErrorMap(relation::explain);
    }

    /**
     * Counts the associated rows.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the count; the statement's translated {@link R2ormException}, such as {@link StatementTimeoutException}
     *     or {@link ConnectionUnavailableException}; {@link R2ormException} when the owner's key is not set,
     *     {@link InvalidModelException} when a guessed foreign key column does not exist
     */
    public Mono<Long> count() {
        return Mono.defer(() -> query().count()).onErrorMap(relation::explain);
    }

    /**
     * Links more rows, by key. A row whose primary key is unset is created. For rows whose key is set, one
     * {@code SELECT} of the keys finds those that exist: they are linked as they are, neither inserted nor updated,
     * so a value carrying only its key links the stored row; the others are created with their values. Linking is a
     * join row for a many-to-many ({@code INSERT} into the join table, an existing link left alone), the foreign key
     * for a has-many ({@code UPDATE "posts" SET "member_id"=$1 WHERE "posts"."id" IN (...)} for existing rows; new
     * rows are inserted with it). For a to-one association this replaces the current link.
     *
     * <pre>{@code
     * Tag go = new Tag(); go.id = 7;                                  // only the key: the row exists
     * db.model(post).association("Tags", Tag.class).append(List.of(go));
     * // SELECT "tags"."id" FROM "tags" WHERE "tags"."id" IN ($1)
     * // INSERT INTO "post_tags" ("post_id","tag_id") VALUES ($1,$2) ON CONFLICT ("post_id","tag_id") DO NOTHING
     * }</pre>
     *
     * @param values the rows to link
     * @return completes when linked, in one transaction; the owner's field holds the linked rows (as given, new ones
     *     with their keys). Errors of the statements (a foreign key violation, for example) roll it back; cancelling
     *     rolls it back. The error is the statement's translated {@link R2ormException} (a
     *     {@link ForeignKeyViolationException}, for example), or {@link R2ormException} when the owner's key is not
     *     set, {@link InvalidModelException} when a guessed foreign key column does not exist
     */
    public Mono<Void> append(List<? extends A> values) {
        if (!relation.isCollection()) {
            return replace(values);
        }
        return db.transaction(tx -> link(tx.db(), values)).then().onErrorMap(relation::explain);
    }

    /**
     * Links exactly these rows: creates or links them as {@link #append} does, then unlinks every other row.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the rows to keep linked
     * @return completes when done; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}, which rolls it back;
     *     {@link R2ormException} when the owner's key is not set, {@link InvalidModelException} when a guessed foreign
     *     key column does not exist
     */
    public Mono<Void> replace(List<? extends A> values) {
        return db.transaction(tx -> link(tx.db(), values)
                .flatMap(linked -> unlink(tx.db(), keys(linked), true))).then().onErrorMap(relation::explain);
    }

    /**
     * Unlinks these rows; they are not deleted.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the rows to unlink
     * @return the number of links removed; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}, which rolls it back;
     *     {@link R2ormException} when the owner's key is not set, {@link InvalidModelException} when a guessed foreign
     *     key column does not exist
     */
    public Mono<Long> delete(List<? extends A> values) {
        List<Object> keys = keys(new ArrayList<>(values));
        return db.transaction(tx -> unlink(tx.db(), keys, false)).singleOrEmpty().defaultIfEmpty(0L)
                .doOnNext(n -> removeInMemory(keys)).onErrorMap(relation::explain);
    }

    /**
     * Unlinks every row.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the number of links removed; the statement's translated {@link R2ormException}, such as a
     *     {@link ConstraintViolationException} or {@link StatementTimeoutException}, which rolls it back;
     *     {@link R2ormException} when the owner's key is not set, {@link InvalidModelException} when a guessed foreign
     *     key column does not exist
     */
    public Mono<Long> clear() {
        return db.transaction(tx -> unlink(tx.db(), List.of(), true)).singleOrEmpty().defaultIfEmpty(0L)
                .doOnNext(n -> relation.set(owner, relation.isCollection() ? new ArrayList<>() : null))
                .onErrorMap(relation::explain);
    }

    /**
     * Deletes the associated rows of a has-one or has-many (soft-deleted if the target has soft delete and
     * {@code unscoped} is false), or the join rows of a many-to-many; a belongs-to parent is left alone.
     *
     * @param tx the database view to run in
     * @param unscoped whether to delete for real
     * @return the rows deleted
     */
    Mono<Long> deleteRows(Db tx, boolean unscoped) {
        switch (relation.kind()) {
            case BELONGS_TO:
                return Mono.just(0L);
            case MANY_TO_MANY: {
                String jt = relation.joinTable();
                Query<?> links = links(tx, jt).whereCondition(new Eq(new Column(jt, relation.joinOwnerColumn()),
                        relation.ownerKey().toColumn(ownerKey()), relation.ownerKey().storedType()));
                return (unscoped ? links.unscoped() : links).delete().onErrorMap(relation::explain);
            }
            default: {
                Query<?> q = tx.model(relation.target().type()).whereCondition(ownedBy());
                return (unscoped ? q.unscoped() : q).delete().onErrorMap(relation::explain);
            }
        }
    }

    /** The join rows: through the join model (its soft delete and scope) when there is one. */
    private Query<?> links(Db tx, String joinTable) {
        return relation.joinModel() != null ? tx.model(relation.joinModel().type()) : tx.table(joinTable);
    }

    private Object ownerKey() {
        Object key = relation.kind() == Relation.Kind.BELONGS_TO
                ? owner : relation.ownerKey().get(owner);
        if (relation.kind() != Relation.Kind.BELONGS_TO && relation.ownerKey().isZero(key)) {
            throw new R2ormException("association " + relation.name() + ": the owner's "
                    + relation.ownerKey().name() + " is not set; create the owner first");
        }
        return Objects.requireNonNull(key);
    }

    @SuppressWarnings("unchecked")
    private Query<Object> query() {
        Query<Object> q = (Query<Object>) (Query<?>) db.model(relation.target().type());
        String table = relation.target().table();
        Field targetKey = relation.targetKey();
        switch (relation.kind()) {
            case BELONGS_TO: {
                Object fk = relation.ownerKey().get(owner);
                return q.whereCondition(new Eq(new Column(table, targetKey.column()), fk, targetKey.storedType()));
            }
            case MANY_TO_MANY: {
                String jt = relation.joinTable();
                Field linkDeleted = relation.joinModel() == null ? null : relation.joinModel().softDeleteField();
                Expression in = w -> {
                    new Column(table, targetKey.column()).build(w);
                    w.keyword(" IN (SELECT ").identifier(jt).keyword(".").identifier(relation.joinTargetColumn())
                            .keyword(" FROM ").identifier(jt).keyword(" WHERE ").identifier(jt).keyword(".")
                            .identifier(relation.joinOwnerColumn()).keyword(" = ")
                            .bind(relation.ownerKey().toColumn(ownerKey()), relation.ownerKey().storedType());
                    if (linkDeleted != null) {
                        w.keyword(" AND ").identifier(jt).keyword(".").identifier(linkDeleted.column())
                                .keyword(" IS NULL");
                    }
                    w.keyword(")");
                };
                return q.whereCondition(in);
            }
            default:
                return q.whereCondition(ownedBy());
        }
    }

    /** The target rows pointing at the owner: {@code fk = key} (and the polymorphic type). */
    private Expression ownedBy() {
        String table = relation.target().table();
        Field fk = relation.targetKey();
        Expression cond = new Eq(new Column(table, fk.column()), relation.ownerKey().toColumn(ownerKey()),
                fk.storedType());
        if (relation.polymorphicType() != null) {
            cond = Junction.and(List.of(cond, new Eq(new Column(table, relation.polymorphicType().column()),
                    relation.polymorphicValue(), String.class)));
        }
        return cond;
    }

    /** Creates or links the values; emits them as saved. */
    private Mono<List<Object>> link(Db tx, List<? extends A> values) {
        ownerKey();
        List<Object> current = relation.kind() == Relation.Kind.BELONGS_TO ? List.of() : relation.targets(owner);
        return saveThrough(tx, new ArrayList<Object>(values)).map(saved -> {
            List<Object> all = new ArrayList<>(relation.isCollection() ? current : List.of());
            for (Object s : saved) {
                if (!containsKey(all, relation.target().primaryKeys(), s)) {
                    all.add(s);
                }
            }
            relation.set(owner, relation.isCollection() ? all : saved.isEmpty() ? null : saved.get(0));
            return saved;
        });
    }

    private Mono<List<Object>> saveThrough(Db tx, List<Object> values) {
        if (values.isEmpty()) {
            return Mono.just(List.of());
        }
        switch (relation.kind()) {
            case BELONGS_TO: {
                Object target = values.get(0);
                return saveRows(tx, List.of(target)).flatMap(saved -> {
                    Object k = relation.targetKey().get(saved.get(0));
                    Map<String, @Nullable Object> set = new HashMap<>();
                    set.put(relation.ownerKey().name(), k);
                    relation.ownerKey().set(owner, k);
                    return tx.model(owner).updateColumns(set).thenReturn(saved);
                });
            }
            case MANY_TO_MANY:
                return saveRows(tx, values).flatMap(saved -> dev.r2orm.callbacks.AssociationWrites.link(tx, relation,
                        relation.ownerKey().get(owner), keys(saved)).thenReturn(saved));
            default: {
                Object key = relation.ownerKey().get(owner);
                List<Object> linked = new ArrayList<>();
                for (Object v : values) {
                    Object c = relation.target().with(v, relation.targetKey(), key);
                    if (relation.polymorphicType() != null) {
                        c = relation.target().with(c, relation.polymorphicType(), relation.polymorphicValue());
                    }
                    linked.add(c);
                }
                List<String> update = new ArrayList<>(List.of(relation.targetKey().column()));
                Map<String, @Nullable Object> set = new HashMap<>();
                set.put(relation.targetKey().name(), key);
                if (relation.polymorphicType() != null) {
                    update.add(relation.polymorphicType().column());
                    set.put(relation.polymorphicType().name(), relation.polymorphicValue());
                }
                // existing children get their foreign key by UPDATE, new ones are inserted with it
                return AssociationLinks.save(tx, relation.target(), linked, OnConflict.updateColumns(update))
                        .flatMap(saved -> AssociationLinks.update(tx, relation.target(), saved.existing(), set)
                                .thenReturn(saved.saved()));
            }
        }
    }

    /** Inserts the values that do not exist yet; existing ones are linked as they are. */
    private Mono<List<Object>> saveRows(Db tx, List<Object> values) {
        return AssociationLinks.save(tx, relation.target(), values, OnConflict.doNothing())
                .map(AssociationLinks.Saved::saved);
    }

    /** Unlinks the given keys (or, with {@code except}, every key but them; an empty list with except: all). */
    private Mono<Long> unlink(Db tx, List<Object> keys, boolean except) {
        Field targetKey = relation.targetKey();
        switch (relation.kind()) {
            case BELONGS_TO: {
                Object fk = relation.ownerKey().get(owner);
                boolean listed = keys.stream().anyMatch(k -> Objects.equals(String.valueOf(k), String.valueOf(fk)));
                if (fk == null || listed == except) {
                    return Mono.just(0L);
                }
                Map<String, @Nullable Object> set = new HashMap<>();
                set.put(relation.ownerKey().name(), null);
                relation.ownerKey().set(owner, null);
                relation.set(owner, null);
                return tx.model(owner).updateColumns(set);
            }
            case MANY_TO_MANY: {
                String jt = relation.joinTable();
                Expression cond = new Eq(new Column(jt, relation.joinOwnerColumn()),
                        relation.ownerKey().toColumn(ownerKey()), relation.ownerKey().storedType());
                if (!keys.isEmpty() || !except) {
                    Expression in = new In(new Column(jt, relation.joinTargetColumn()), keys, targetKey.storedType());
                    cond = Junction.and(List.of(cond, except ? new Not(in) : in));
                }
                return links(tx, jt).whereCondition(cond).delete();
            }
            default: {
                Expression cond = ownedBy();
                Field pk = relation.target().primaryKeys().get(0);
                if (!keys.isEmpty() || !except) {
                    Expression in = new In(new Column(relation.target().table(), pk.column()), keys, pk.storedType());
                    cond = Junction.and(List.of(cond, except ? new Not(in) : in));
                }
                Map<String, @Nullable Object> set = new HashMap<>();
                set.put(relation.targetKey().name(), null);
                return tx.model(relation.target().type()).whereCondition(cond).updateColumns(set);
            }
        }
    }

    private List<Object> keys(List<?> values) {
        List<Object> out = new ArrayList<>();
        Field key = relation.kind() == Relation.Kind.MANY_TO_MANY || relation.kind() == Relation.Kind.BELONGS_TO
                ? relation.targetKey() : relation.target().primaryKeys().get(0);
        for (Object v : values) {
            Object k = key.get(v);
            if (!key.isZero(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private void removeInMemory(List<Object> keys) {
        if (relation.kind() == Relation.Kind.BELONGS_TO) {
            return;
        }
        Field key = relation.kind() == Relation.Kind.MANY_TO_MANY ? relation.targetKey()
                : relation.target().primaryKeys().get(0);
        List<Object> kept = new ArrayList<>();
        for (Object t : relation.targets(owner)) {
            if (keys.stream().noneMatch(k -> Objects.equals(String.valueOf(k), String.valueOf(key.get(t))))) {
                kept.add(t);
            }
        }
        relation.set(owner, relation.isCollection() ? kept : kept.isEmpty() ? null : kept.get(0));
    }

    private static boolean containsKey(List<Object> rows, List<Field> keys, Object row) {
        if (keys.isEmpty()) {
            return false;
        }
        for (Object r : rows) {
            boolean same = true;
            for (Field k : keys) {
                same &= Objects.equals(String.valueOf(k.get(r)), String.valueOf(k.get(row)));
            }
            if (same) {
                return true;
            }
        }
        return false;
    }
}
