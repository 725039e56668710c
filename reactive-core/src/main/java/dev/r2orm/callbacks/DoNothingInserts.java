package dev.r2orm.callbacks;

import dev.r2orm.clause.Sql;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates whose upsert does nothing on a collision ({@code OnConflict.doNothing()}): the rows the database inserted
 * are emitted, with their generated keys, and the rows it skipped are not. How it learns which is which:
 * <ul>
 *   <li>PostgreSQL ({@code RETURNING}) and H2 (generated values of its {@code MERGE}) give back inserted rows only. A
 *       single row is matched at once; several rows in one statement are matched back by the conflict target's
 *       columns, or by primary keys every row sets; without either each row is its own statement.</li>
 *   <li>MySQL and MariaDB report a collision as a row found, so each row is its own statement, whose
 *       {@code ON DUPLICATE KEY UPDATE} sets {@code LAST_INSERT_ID(0)} on a collision; {@code SELECT LAST_INSERT_ID()}
 *       then gives the new key, or 0 for a skipped row (two or three round trips a row).</li>
 * </ul>
 */
final class DoNothingInserts {

    /**
     * A context key under which do-nothing creates write every row in one statement and emit them all, without telling
     * inserted from skipped: association writes, which need the rows, not the report.
     */
    static final Object UNREPORTED = new Object();

    private static final Sql LAST_INSERT_ID = Sql.of("SELECT LAST_INSERT_ID()");
    private static final Sql RESET_LAST_INSERT_ID = Sql.of("SELECT LAST_INSERT_ID(1)");

    private DoNothingInserts() {
    }

    /**
     * Writes the rows and emits those inserted.
     *
     * @param op the create operation
     * @param c the connection
     * @param schema the model
     * @param rows the rows
     * @param plan renders the upsert of some of the rows, returning the given fields where the dialect can
     * @return the inserted rows, keys filled in, in order
     */
    static Flux<Object> run(Operation op, Connection c, Schema schema, List<Object> rows,
            BiFunction<List<Object>, List<Field>, Sql> plan) {
        Field auto = schema.autoIncrementField();
        if (op.dialect().upsertSetsLastInsertId()) {
            return Flux.fromIterable(rows).concatMap(row -> lastInsertId(op, c, schema, row, auto, plan));
        }
        List<Field> match = rows.size() > 1 ? matchFields(op, schema, rows) : List.of();
        if (rows.size() > 1 && match.isEmpty()) {
            return Flux.fromIterable(rows).concatMap(row -> run(op, c, schema, List.of(row), plan));
        }
        List<Field> returning = new ArrayList<>();
        if (auto != null) {
            returning.add(auto);
        }
        for (Field f : match) {
            if (f != auto) {
                returning.add(f);
            }
        }
        if (returning.isEmpty()) {
            // one row and no key to read: the row count says whether it was inserted
            return op.update(c, plan.apply(rows, List.of())).flatMapMany(n -> n > 0 ? Flux.fromIterable(rows)
                    : Flux.empty());
        }
        return ReadBack.rows(op, c, plan.apply(rows, returning), returning).collectList()
                .flatMapIterable(read -> inserted(schema, rows, returning, match, auto, read));
    }

    /** The conflict target's fields, else the primary key's when every row sets it; empty when rows cannot be told. */
    private static List<Field> matchFields(Operation op, Schema schema, List<Object> rows) {
        List<Field> out = new ArrayList<>();
        List<String> target = java.util.Objects.requireNonNull(op.onConflict()).target();
        if (!target.isEmpty()) {
            for (String column : target) {
                Field f = schema.fieldByColumn(column);
                if (f == null) {
                    return List.of();
                }
                out.add(f);
            }
            return out;
        }
        for (Field f : schema.primaryKeys()) {
            for (Object row : rows) {
                if (BuiltinCallbacks.unset(f, BuiltinCallbacks.value(f, row))) {
                    return List.of();
                }
            }
            out.add(f);
        }
        return out;
    }

    private static List<Object> inserted(Schema schema, List<Object> rows, List<Field> returning, List<Field> match,
            @Nullable Field auto, List<Object[]> read) {
        List<Object> out = new ArrayList<>(read.size());
        if (rows.size() == 1) {
            if (!read.isEmpty()) {
                out.add(withKey(schema, rows.get(0), auto, read.get(0)[0]));
            }
            return out;
        }
        Map<List<Object>, Integer> byMatch = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Object> key = new ArrayList<>(match.size());
            for (Field f : match) {
                key.add(normal(BuiltinCallbacks.value(f, rows.get(i))));
            }
            byMatch.putIfAbsent(key, i);
        }
        Object[] inserted = new Object[rows.size()];
        for (Object[] values : read) {
            List<Object> key = new ArrayList<>(match.size());
            for (Field f : match) {
                key.add(normal(values[returning.indexOf(f)]));
            }
            Integer i = byMatch.get(key);
            if (i != null && inserted[i] == null) {
                inserted[i] = withKey(schema, rows.get(i), auto, auto != null ? values[0] : null);
            }
        }
        for (Object row : inserted) {
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    private static Object withKey(Schema schema, Object row, @Nullable Field auto, @Nullable Object key) {
        if (auto == null || key == null || !BuiltinCallbacks.unset(auto, BuiltinCallbacks.value(auto, row))) {
            return row;
        }
        return BuiltinCallbacks.with(schema, row, auto, BuiltinCallbacks.convertKey((Long) key, auto.boxedType()));
    }

    private static @Nullable Object normal(@Nullable Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros() : v instanceof Number n && !(v instanceof Double)
                ? (Object) n.longValue() : v;
    }

    private static Flux<Object> lastInsertId(Operation op, Connection c, Schema schema, Object row,
            @Nullable Field auto, BiFunction<List<Object>, List<Field>, Sql> plan) {
        boolean generated = auto != null && BuiltinCallbacks.unset(auto, BuiltinCallbacks.value(auto, row));
        // an insert that generates no key leaves LAST_INSERT_ID() as it was: set it to 1 first
        Mono<Long> reset = generated ? Mono.just(0L) : op.query(c, RESET_LAST_INSERT_ID, RowMappers.KEY).last();
        return reset.then(op.update(c, plan.apply(List.of(row), List.of())))
                .then(op.query(c, LAST_INSERT_ID, RowMappers.KEY).single())
                .flatMapMany(id -> id == 0 ? Flux.empty()
                        : Flux.just(generated ? withKey(schema, row, auto, id) : row));
    }
}
