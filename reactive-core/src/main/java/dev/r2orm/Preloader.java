package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.In;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loads associations of parents already read: one query per association and level ({@code IN} over the parents'
 * keys, split into statements of at most {@link #WINDOW} keys), then nested levels on the loaded rows.
 */
final class Preloader {

    /**
     * The most parents a query with preloads holds at once, and the most keys one preload statement binds: small
     * statements, and one statement per association for a window of parents.
     */
    static final int WINDOW = 1_000;

    /** What to preload below one level: association name (lower case, or {@code *}) to its condition and children. */
    static final class Node {
        @Nullable UnaryOperator<Query<Object>> condition;
        final Map<String, Node> children = new LinkedHashMap<>();
    }

    private Preloader() {
    }

    /**
     * Builds the tree of preload paths: {@code "Orders.Items"} nests; the condition applies to the last segment.
     *
     * @param paths the paths with their conditions, in the order given
     * @return the root
     */
    static Node tree(List<Map.Entry<String, @Nullable UnaryOperator<Query<Object>>>> paths) {
        Node root = new Node();
        for (Map.Entry<String, @Nullable UnaryOperator<Query<Object>>> p : paths) {
            Node at = root;
            String[] segments = p.getKey().split("\\.");
            for (String segment : segments) {
                at = at.children.computeIfAbsent(segment.strip().toLowerCase(Locale.ROOT), k -> new Node());
            }
            if (p.getValue() != null) {
                at.condition = p.getValue();
            }
        }
        return root;
    }

    /**
     * Resolves every named association of the tree before anything runs, so a wrong name fails first.
     *
     * @param db the database
     * @param schema the parents' schema
     * @param node the tree
     * @throws dev.r2orm.InvalidModelException naming the unknown association and those the model has
     */
    static void check(Db db, Schema schema, Node node) {
        for (Map.Entry<String, Node> e : node.children.entrySet()) {
            if (e.getKey().equals(Associations.ALL)) {
                for (Relation r : db.schemas().relations(schema).values()) {
                    check(db, r.target(), e.getValue());
                }
            } else {
                check(db, db.schemas().relation(schema, e.getKey()).target(), e.getValue());
            }
        }
    }

    /**
     * Loads the tree's associations into the parents.
     *
     * @param db the database view (its transaction, if any, is used)
     * @param schema the parents' schema
     * @param parents the parents, all of {@code schema}'s type
     * @param node the associations to load
     * @param unscoped whether soft-deleted targets are included
     * @return completes when every association is set
     */
    static Mono<Void> load(Db db, Schema schema, List<Object> parents, Node node, boolean unscoped) {
        if (parents.isEmpty() || node.children.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(node.children.entrySet())
                .concatMap(e -> {
                    List<Relation> relations = e.getKey().equals(Associations.ALL)
                            ? new ArrayList<>(db.schemas().relations(schema).values())
                            : List.of(db.schemas().relation(schema, e.getKey()));
                    return Flux.fromIterable(relations).concatMap(r -> db.intercepted("preload", r.target().table(),
                            r.target().type(), true, 0, loadOne(db, r, parents, e.getValue(), unscoped)));
                })
                .then();
    }

    private static Mono<Void> loadOne(Db db, Relation r, List<Object> parents, Node node, boolean unscoped) {
        Field ownerKey = r.ownerKey();
        Set<Object> keys = new LinkedHashSet<>();
        for (Object p : parents) {
            Object k = ownerKey.get(p);
            if (k != null) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            parents.forEach(p -> r.set(p, r.isCollection() ? new ArrayList<>() : null));
            return Mono.empty();
        }
        List<List<Object>> chunks = chunks(new ArrayList<>(keys));
        Flux<Object[]> rows = Flux.fromIterable(chunks).concatMap(chunk -> query(db, r, chunk, node, unscoped))
                .onErrorMap(r::explain);
        return rows.collectList().flatMap(found -> {
            Map<Object, List<Object>> byKey = new HashMap<>();
            List<Object> targets = new ArrayList<>(found.size());
            for (Object[] row : found) {
                byKey.computeIfAbsent(normalize(row[1]), k -> new ArrayList<>()).add(row[0]);
                targets.add(row[0]);
            }
            Set<List<Object>> given = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Object p : parents) {
                List<Object> mine = byKey.getOrDefault(normalize(ownerKey.get(p)), List.of());
                if (!r.isCollection()) {
                    r.set(p, mine.isEmpty() ? null : mine.get(0));
                } else {
                    // a key's list goes to its first parent as it is; parents sharing a key get copies
                    r.set(p, mine.isEmpty() || !given.add(mine) ? new ArrayList<>(mine) : mine);
                }
            }
            return node.children.isEmpty() ? Mono.<Void>empty() : load(db, r.target(), distinct(targets), node,
                    unscoped);
        });
    }

    /** One preload statement: the targets matching a chunk of owner keys, each with the key it matched. */
    @SuppressWarnings("unchecked")
    private static Flux<Object[]> query(Db db, Relation r, List<Object> keys, Node node, boolean unscoped) {
        Schema target = r.target();
        Query<Object> q = (Query<Object>) (Query<?>) db.model(target.type());
        if (unscoped) {
            q = q.unscoped();
        }
        if (node.condition != null) {
            q = node.condition.apply(q);
        }
        Field targetKey = r.targetKey();
        if (r.kind() == Relation.Kind.MANY_TO_MANY) {
            String jt = r.joinTable();
            Column owner = new Column(jt, r.joinOwnerColumn());
            Field linkDeleted = r.joinModel() == null || unscoped ? null : r.joinModel().softDeleteField();
            Expression join = w -> {
                w.keyword("INNER JOIN ").identifier(jt).keyword(" ON ")
                        .identifier(jt).keyword(".").identifier(r.joinTargetColumn()).keyword(" = ")
                        .identifier(target.table()).keyword(".").identifier(targetKey.column());
                if (linkDeleted != null) {
                    w.keyword(" AND ").identifier(jt).keyword(".").identifier(linkDeleted.column()).keyword(" IS NULL");
                }
            };
            return q.preloadWithJoin(join, new In(owner, keys, r.ownerKey().storedType()), owner);
        }
        Expression condition = new In(new Column(target.table(), targetKey.column()), keys, targetKey.storedType());
        if (r.polymorphicType() != null) {
            Field type = r.polymorphicType();
            condition = dev.r2orm.clause.Junction.and(List.of(condition,
                    new Eq(new Column(target.table(), type.column()), r.polymorphicValue(), String.class)));
        }
        return q.whereCondition(condition).find().map(t -> new Object[] {t, targetKey.get(t)});
    }

    /** The keys in lists of at most {@value #MAX_KEYS}, one per statement. */
    static List<List<Object>> chunks(List<Object> keys) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += WINDOW) {
            out.add(keys.subList(i, Math.min(keys.size(), i + WINDOW)));
        }
        return out;
    }

    private static List<Object> distinct(List<Object> targets) {
        List<Object> out = new ArrayList<>(targets.size());
        java.util.IdentityHashMap<Object, Boolean> seen = new java.util.IdentityHashMap<>();
        for (Object t : targets) {
            if (seen.put(t, Boolean.TRUE) == null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Keys read back may come as another numeric type than the field holds. */
    static @Nullable Object normalize(@Nullable Object key) {
        if (key instanceof Long) {
            return key;
        }
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        if (key instanceof java.math.BigInteger) {
            return ((java.math.BigInteger) key).longValue();
        }
        return key;
    }
}
