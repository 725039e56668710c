package dev.r2orm;

import dev.r2orm.callbacks.AssociationWrites;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Select;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Saves the rows association mode links, by key: a row whose primary key is unset is inserted; for rows whose key is
 * set, one {@code SELECT} of their keys tells which exist. Existing rows are neither inserted nor updated (they are
 * linked as they are, so a value carrying only its key links the row without touching its columns); keyed rows that
 * do not exist yet are inserted with their values, an existing key being left alone should another transaction
 * insert it first.
 */
final class AssociationLinks {

    private AssociationLinks() {
    }

    /**
     * The rows as saved, split by what happened to them.
     *
     * @param saved every row, in the order given, new ones with their generated keys
     * @param existing the rows that existed, as given
     */
    record Saved(List<Object> saved, List<Object> existing) {
    }

    /**
     * Inserts the rows that do not exist and leaves the others alone.
     *
     * @param tx the database view (its transaction is used)
     * @param target the rows' schema
     * @param rows the rows
     * @param missing what an insert of a keyed row does when its key exists after all
     * @return the rows as saved
     */
    static Mono<Saved> save(Db tx, Schema target, List<Object> rows, OnConflict missing) {
        List<Field> keys = target.primaryKeys();
        List<Object> keyed = new ArrayList<>();
        for (Object row : rows) {
            if (hasKey(keys, row)) {
                keyed.add(row);
            }
        }
        Mono<Set<String>> found = keyed.isEmpty() ? Mono.just(Set.of()) : existingKeys(tx, target, keyed);
        return found.flatMap(existing -> {
            List<Object> fresh = new ArrayList<>();
            List<Object> absent = new ArrayList<>();
            List<Object> present = new ArrayList<>();
            for (Object row : rows) {
                if (!hasKey(keys, row)) {
                    fresh.add(row);
                } else if (existing.contains(key(keys, row))) {
                    present.add(row);
                } else {
                    absent.add(row);
                }
            }
            Mono<List<Object>> created = fresh.isEmpty() ? Mono.just(List.of())
                    : tx.createAll(fresh).map(Object.class::cast).collectList();
            Mono<List<Object>> inserted = absent.isEmpty() ? Mono.just(List.of())
                    : AssociationWrites.upsert(tx, target, absent, missing).collectList();
            return created.flatMap(c -> inserted.map(i -> {
                Map<Object, Object> byIdentity = new java.util.IdentityHashMap<>();
                for (int n = 0; n < fresh.size(); n++) {
                    byIdentity.put(fresh.get(n), c.get(n));
                }
                for (int n = 0; n < absent.size(); n++) {
                    byIdentity.put(absent.get(n), i.get(n));
                }
                List<Object> saved = new ArrayList<>(rows.size());
                for (Object row : rows) {
                    saved.add(byIdentity.getOrDefault(row, row));
                }
                return new Saved(saved, present);
            }));
        });
    }

    /**
     * Updates columns of existing rows found by primary key, without hooks or timestamps, soft-deleted rows too.
     *
     * @param tx the database view
     * @param target the rows' schema
     * @param rows the rows, keys set
     * @param set field names to values
     * @return the rows updated (10,000 keys a statement)
     */
    @SuppressWarnings("unchecked")
    static Mono<Long> update(Db tx, Schema target, List<Object> rows, Map<String, @Nullable Object> set) {
        if (rows.isEmpty()) {
            return Mono.just(0L);
        }
        Query<Object> q = ((Query<Object>) (Query<?>) tx.model(target.type())).unscoped();
        return Flux.fromIterable(Preloader.chunks(rows))
                .concatMap(chunk -> q.whereCondition(keysIn(target, chunk)).updateColumns(set))
                .reduce(0L, Long::sum);
    }

    /** The keys of those rows that exist, soft-deleted ones included (their keys are taken); 10,000 a statement. */
    @SuppressWarnings("unchecked")
    private static Mono<Set<String>> existingKeys(Db tx, Schema target, List<Object> rows) {
        List<Field> keys = target.primaryKeys();
        List<Expression> columns = new ArrayList<>();
        for (Field k : keys) {
            columns.add(new Column(target.table(), k.column()));
        }
        Query<Object> q = ((Query<Object>) (Query<?>) tx.model(target.type())).unscoped()
                .withClause(new Select(columns, false));
        Function<ResultRow, String> read = row -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < keys.size(); i++) {
                b.append(i == 0 ? "" : "\u0000").append(Preloader.normalize(row.get(i, Object.class)));
            }
            return b.toString();
        };
        return Flux.fromIterable(Preloader.chunks(rows))
                .concatMap(chunk -> q.whereCondition(keysIn(target, chunk)).rows(read))
                .collect(HashSet::new, Set::add);
    }

    private static Expression keysIn(Schema target, List<Object> rows) {
        List<Field> keys = target.primaryKeys();
        if (keys.size() == 1) {
            Field k = keys.get(0);
            List<Object> values = new ArrayList<>();
            for (Object row : rows) {
                values.add(k.toColumn(k.get(row)));
            }
            return new In(new Column(target.table(), k.column()), values, k.storedType());
        }
        List<Expression> any = new ArrayList<>();
        for (Object row : rows) {
            List<Expression> all = new ArrayList<>();
            for (Field k : keys) {
                all.add(new Eq(new Column(target.table(), k.column()), k.toColumn(k.get(row)), k.storedType()));
            }
            any.add(Junction.and(all));
        }
        return Junction.or(any);
    }

    private static String key(List<Field> keys, Object row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            Field k = keys.get(i);
            b.append(i == 0 ? "" : "\u0000").append(Preloader.normalize(k.toColumn(k.get(row))));
        }
        return b.toString();
    }

    private static boolean hasKey(List<Field> keys, Object row) {
        if (keys.isEmpty()) {
            return false;
        }
        for (Field k : keys) {
            if (k.isZero(k.get(row))) {
                return false;
            }
        }
        return true;
    }
}
