package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.GroupBy;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Junction;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts an association of many owners in one statement, grouped by the key that ties a target to its owner:
 *
 * <pre>{@code
 * SELECT "books"."author_id" AS r2orm_owner, COUNT(*) AS r2orm_count FROM "books"
 * WHERE "books"."author_id" IN ($1,$2,$3) GROUP BY "books"."author_id"
 * }</pre>
 *
 * <p>A many-to-many joins its join table and groups by the join table's owner column; a belongs-to groups the targets
 * by their key, each owner counting the target its foreign key names. The total is the sum of every owner's count, as
 * counting owner by owner would give. More than 10,000 distinct keys take one statement per 10,000.
 */
final class AssociationCount {

    private AssociationCount() {
    }

    /**
     * The sum of every owner's count of the association.
     *
     * @param db the database view
     * @param relation the association
     * @param owners the owners
     * @return the total; an {@link R2ormException} when an owner's key is not set (not for a belongs-to, whose unset
     *     foreign key counts 0)
     */
    static Mono<Long> total(Db db, Relation relation, List<?> owners) {
        return Mono.defer(() -> {
            List<@Nullable Object> ownerKeys = new ArrayList<>(owners.size());
            Set<Object> distinct = new LinkedHashSet<>();
            Field ownerKey = relation.ownerKey();
            for (Object owner : owners) {
                Object k = ownerKey.get(owner);
                if (ownerKey.isZero(k) || k == null) {
                    if (relation.kind() != Relation.Kind.BELONGS_TO) {
                        return Mono.error(new R2ormException("association " + relation.name() + ": the owner's "
                                + ownerKey.name() + " is not set; create the owner first"));
                    }
                    ownerKeys.add(null);
                    continue;
                }
                Object stored = ownerKey.toColumn(k);
                ownerKeys.add(stored);
                distinct.add(stored);
            }
            if (distinct.isEmpty()) {
                return Mono.just(0L);
            }
            return Flux.fromIterable(Preloader.chunks(new ArrayList<>(distinct)))
                    .concatMap(chunk -> counts(db, relation, chunk))
                    .collectMap(e -> e.getKey(), e -> e.getValue(), HashMap::new)
                    .map(byKey -> {
                        long total = 0;
                        for (Object k : ownerKeys) {
                            if (k != null) {
                                total += byKey.getOrDefault(key(k), 0L);
                            }
                        }
                        return total;
                    });
        });
    }

    /** One statement: the count per owner key of a chunk of keys. */
    @SuppressWarnings("unchecked")
    private static Flux<Map.Entry<String, Long>> counts(Db db, Relation relation, List<Object> keys) {
        Schema target = relation.target();
        Query<Object> q = (Query<Object>) (Query<?>) db.model(target.type());
        Column by;
        Expression condition;
        switch (relation.kind()) {
            case MANY_TO_MANY: {
                String jt = relation.joinTable();
                Field linkDeleted = relation.joinModel() == null ? null : relation.joinModel().softDeleteField();
                Field targetKey = relation.targetKey();
                q = q.withClause(new Joins(List.of(w -> {
                    w.keyword("INNER JOIN ").identifier(jt).keyword(" ON ");
                    new Column(jt, relation.joinTargetColumn()).build(w);
                    w.keyword(" = ");
                    new Column(target.table(), targetKey.column()).build(w);
                    if (linkDeleted != null) {
                        w.keyword(" AND ");
                        new Column(jt, linkDeleted.column()).build(w);
                        w.keyword(" IS NULL");
                    }
                })));
                by = new Column(jt, relation.joinOwnerColumn());
                condition = new In(by, keys, relation.ownerKey().storedType());
                break;
            }
            case BELONGS_TO: {
                by = new Column(target.table(), relation.targetKey().column());
                condition = new In(by, keys, relation.targetKey().storedType());
                break;
            }
            default: {
                by = new Column(target.table(), relation.targetKey().column());
                condition = new In(by, keys, relation.targetKey().storedType());
                if (relation.polymorphicType() != null) {
                    condition = Junction.and(List.of(condition, new Eq(new Column(target.table(),
                            relation.polymorphicType().column()), relation.polymorphicValue(), String.class)));
                }
            }
        }
        return q.whereCondition(condition)
                .select(Expr.of("? AS r2orm_owner, COUNT(*) AS r2orm_count", by))
                .withClause(new GroupBy(List.of(by)))
                .rows(row -> Map.entry(key(row.get(0, Object.class)),
                        ((Number) row.get(1, Object.class)).longValue()));
    }

    /** Keys read back may come as another type than the owner holds (an INT for a Long, text for a UUID). */
    private static String key(@Nullable Object k) {
        return String.valueOf(Preloader.normalize(k));
    }
}
