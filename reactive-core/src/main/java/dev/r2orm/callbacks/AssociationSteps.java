package dev.r2orm.callbacks;

import dev.r2orm.clause.OnConflict;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes the associations of created entities, as GORM does: belongs-to parents before the owner (their keys copied
 * into the owner's foreign keys), has-one and has-many children after it (their foreign keys set to the owner's key),
 * many-to-many targets and their join rows after it. New rows are inserted; rows with a key are upserted without
 * overwriting (only a child's foreign key is updated). Runs inside the create's transaction.
 */
final class AssociationSteps {

    private AssociationSteps() {
    }

    static Flux<Object> saveBefore(Operation op, Flux<Object> upstream) {
        List<Relation> relations = relations(op, true);
        if (relations.isEmpty()) {
            return upstream;
        }
        return upstream.concatMap(e -> e instanceof Map ? Mono.just(e)
                : Flux.fromIterable(relations).concatMap(r -> saveParent(op, r, e).onErrorMap(r::explain))
                        .then(Mono.just(e)));
    }

    /** Existing associated rows are linked, or with {@code fullSaveAssociations} overwritten. */
    private static OnConflict existing(Operation op, OnConflict otherwise) {
        return op.session().fullSaveAssociations() ? OnConflict.updateAll() : otherwise;
    }

    static Flux<Object> saveAfter(Operation op, Flux<Object> upstream) {
        List<Relation> relations = relations(op, false);
        if (relations.isEmpty()) {
            return upstream;
        }
        return upstream.concatMap(e -> e instanceof Map ? Mono.just(e)
                : Flux.fromIterable(relations).concatMap(r -> (r.kind() == Relation.Kind.MANY_TO_MANY
                        ? saveLinks(op, r, e) : saveChildren(op, r, e)).onErrorMap(r::explain)).then(Mono.just(e)));
    }

    private static List<Relation> relations(Operation op, boolean belongsTo) {
        Schema schema = op.schema();
        if (schema == null || op.session().dryRun()) {
            return List.of();
        }
        List<Relation> out = new ArrayList<>();
        for (Relation r : op.db().associations(schema.type()).values()) {
            if ((r.kind() == Relation.Kind.BELONGS_TO) == belongsTo && op.includesAssociation(r.name())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Mono<Void> saveParent(Operation op, Relation r, Object owner) {
        Object parent = r.get(owner);
        if (parent == null) {
            return Mono.empty();
        }
        return AssociationWrites.upsert(op.db(), r.target(), List.of(parent), existing(op, OnConflict.doNothing()))
                .last()
                .doOnNext(saved -> {
                    r.set(owner, saved);
                    r.ownerKey().set(owner, convert(r.targetKey().get(saved), r.ownerKey()));
                })
                .then();
    }

    private static Mono<Void> saveChildren(Operation op, Relation r, Object owner) {
        List<Object> children = r.targets(owner);
        if (children.isEmpty()) {
            return Mono.empty();
        }
        Object key = convert(r.ownerKey().get(owner), r.targetKey());
        List<Object> linked = new ArrayList<>(children.size());
        for (Object child : children) {
            Object c = r.target().with(child, r.targetKey(), key);
            if (r.polymorphicType() != null) {
                c = r.target().with(c, r.polymorphicType(), r.polymorphicValue());
            }
            linked.add(c);
        }
        List<String> update = new ArrayList<>(List.of(r.targetKey().column()));
        if (r.polymorphicType() != null) {
            update.add(r.polymorphicType().column());
        }
        return AssociationWrites.upsert(op.db(), r.target(), linked, existing(op, OnConflict.updateColumns(update)))
                .collectList()
                .doOnNext(saved -> r.set(owner, r.isCollection() ? saved : saved.get(0)))
                .then();
    }

    private static Mono<Void> saveLinks(Operation op, Relation r, Object owner) {
        List<Object> targets = r.targets(owner);
        if (targets.isEmpty()) {
            return Mono.empty();
        }
        return AssociationWrites.upsert(op.db(), r.target(), targets, existing(op, OnConflict.doNothing()))
                .collectList()
                .flatMap(saved -> {
                    r.set(owner, saved);
                    List<Object> keys = new ArrayList<>(saved.size());
                    saved.forEach(t -> keys.add(r.targetKey().get(t)));
                    return AssociationWrites.link(op.db(), r, r.ownerKey().get(owner), keys);
                });
    }

    /** A key value in the numeric type of the field that receives it. */
    private static @Nullable Object convert(@Nullable Object value, Field into) {
        if (!(value instanceof Number) || into.boxedType().isInstance(value)) {
            return value;
        }
        Number n = (Number) value;
        Class<?> t = into.boxedType();
        return t == Long.class ? (Object) n.longValue() : t == Integer.class ? (Object) n.intValue()
                : t == Short.class ? (Object) n.shortValue() : value;
    }

}
