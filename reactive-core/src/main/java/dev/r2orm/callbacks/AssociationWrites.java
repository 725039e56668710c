package dev.r2orm.callbacks;

import dev.r2orm.Db;
import dev.r2orm.Statement;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Values;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The writes association steps and association mode share: upserting associated rows and inserting join rows.
 * Everything runs through the given {@code Db}, so it joins its transaction.
 */
public final class AssociationWrites {

    private AssociationWrites() {
    }

    /**
     * Inserts join rows of a many-to-many, leaving those that exist alone.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param db the database view (its transaction, if any, is used)
     * @param r the association
     * @param ownerKey the owner's key
     * @param targetKeys the targets' keys
     * @return completes when the rows are written, at once for no keys; the statement's translated error, such as
     *     {@link dev.r2orm.ForeignKeyViolationException} for a key that names no row
     */
    public static Mono<Void> link(Db db, Relation r, @Nullable Object ownerKey, List<Object> targetKeys) {
        if (targetKeys.isEmpty()) {
            return Mono.empty();
        }
        Schema joinModel = r.joinModel();
        if (joinModel != null) {
            Field ownerField = java.util.Objects.requireNonNull(joinModel.fieldByColumn(r.joinOwnerColumn()));
            Field targetField = java.util.Objects.requireNonNull(joinModel.fieldByColumn(r.joinTargetColumn()));
            List<Object> links = new ArrayList<>();
            for (Object k : targetKeys) {
                Object[] values = new Object[joinModel.fields().size()];
                values[ownerField.index()] = ownerKey;
                values[targetField.index()] = k;
                links.add(joinModel.instantiate(values));
            }
            return upsertQuery(db, joinModel, OnConflict.doNothing().on(r.joinOwnerColumn(), r.joinTargetColumn()))
                    .createAll(links).contextWrite(reactor.util.context.Context.of(DoNothingInserts.UNREPORTED, true))
                    .then();
        }
        String table = r.joinTable();
        List<String> columns = List.of(r.joinOwnerColumn(), r.joinTargetColumn());
        List<List<@Nullable Object>> rows = new ArrayList<>();
        for (Object k : targetKeys) {
            rows.add(java.util.Arrays.asList(r.ownerKey().toColumn(ownerKey), r.targetKey().toColumn(k)));
        }
        Statement base = Statement.of(table, null).with(new Insert(table, columns))
                .with(new Values(rows, List.of(r.ownerKey().storedType(), r.targetKey().storedType())));
        return Mono.defer(() -> db.exec(BuiltinCallbacks.renderUpsert(db.dialect(), base, OnConflict.doNothing().on(
                columns.toArray(String[]::new)), columns, columns))).then();
    }

    /**
     * Inserts new rows (unset keys) and upserts the others with a rule, in order.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, the new rows' insert and the upsert are separate writes, so those done
     * before the cancel stay, and one already sent may or may not have taken effect. The connection is released
     * either way.
     *
     * @param db the database view
     * @param schema the rows' schema
     * @param rows the rows
     * @param existing what to do with rows whose key exists
     * @return the saved rows: the new ones (with their keys), then the keyed ones. Errors as
     *     {@link Db#createAll(List)}: {@link dev.r2orm.DuplicatedKeyException} and the other
     *     {@link dev.r2orm.ConstraintViolationException}s the rule does not resolve
     */
    public static Flux<Object> upsert(Db db, Schema schema, List<Object> rows, OnConflict existing) {
        List<Object> fresh = new ArrayList<>();
        List<Object> keyed = new ArrayList<>();
        for (Object row : rows) {
            (hasKey(schema, row) ? keyed : fresh).add(row);
        }
        String[] keys = schema.primaryKeys().stream().map(Field::column).toArray(String[]::new);
        Flux<Object> created = fresh.isEmpty() ? Flux.empty() : db.createAll(fresh);
        // every keyed row is saved or already stored: emit them all, without telling which
        Flux<Object> upserted = keyed.isEmpty() ? Flux.empty()
                : upsertQuery(db, schema, existing.on(keys)).createAll(keyed).map(Object.class::cast)
                        .contextWrite(reactor.util.context.Context.of(DoNothingInserts.UNREPORTED, true));
        return created.concatWith(upserted);
    }

    @SuppressWarnings("unchecked")
    private static dev.r2orm.Query<Object> upsertQuery(Db db, Schema schema, OnConflict rule) {
        return ((dev.r2orm.Query<Object>) db.model(schema.type())).onConflict(rule);
    }

    private static boolean hasKey(Schema schema, Object row) {
        if (schema.primaryKeys().isEmpty()) {
            return false;
        }
        for (Field pk : schema.primaryKeys()) {
            if (pk.isZero(pk.get(row))) {
                return false;
            }
        }
        return true;
    }
}
