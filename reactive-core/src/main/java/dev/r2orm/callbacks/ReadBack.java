package dev.r2orm.callbacks;

import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.KeyStrategy;
import dev.r2orm.dialect.ServerFills;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;

/**
 * Reads back what the database filled in the rows an INSERT wrote (the generated key, defaults, computed columns),
 * from {@code RETURNING} or the driver's generated values, and writes it into the entities.
 */
final class ReadBack {

    private ReadBack() {
    }

    /**
     * Runs the INSERT and emits, per inserted row in order, the values of the fields, read as the fields' types.
     *
     * @param op the create operation
     * @param c the connection
     * @param sql the INSERT, with its {@code RETURNING} clause where the dialect has one
     * @param fields the fields to read, the generated key first when there is one
     * @return one array per row
     */
    static Flux<Object[]> rows(Operation op, Connection c, Sql sql, List<Field> fields) {
        Schema schema = java.util.Objects.requireNonNull(op.schema());
        BiFunction<Row, RowMetadata, Object[]> mapper = (row, meta) -> {
            Object[] out = new Object[fields.size()];
            for (int i = 0; i < out.length; i++) {
                Field f = fields.get(i);
                try {
                    out[i] = f.isAutoIncrement() ? RowMappers.KEY.apply(row, meta) : RowMappers.read(row, i, f);
                } catch (RuntimeException e) {
                    throw RowMappers.decodeError(schema, f, meta.getColumnMetadata(i), e);
                }
            }
            return out;
        };
        if (op.dialect().keyStrategy() == KeyStrategy.GENERATED_VALUES) {
            String[] columns = new String[fields.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = fields.get(i).column();
            }
            return op.executor().executeWrite(c, op.executor().prepare(c, sql).returnGeneratedValues(columns), sql,
                    mapper);
        }
        return op.query(c, sql, mapper);
    }

    /**
     * Writes the values read into the rows: the key where it was unset, a defaulted field where the row left it unset,
     * a computed column always.
     *
     * @param schema the model
     * @param rows the rows as written, in order
     * @param fields the fields read
     * @param read the values, one array per row
     * @param fills the table's computed columns
     * @return the rows, updated (records replaced by copies)
     * @throws IllegalStateException when the database returned another number of rows
     */
    static List<Object> fill(Schema schema, List<Object> rows, List<Field> fields, List<Object[]> read,
            ServerFills fills) {
        if (read.size() != rows.size()) {
            throw new IllegalStateException("the INSERT of " + rows.size() + " rows into " + schema.table()
                    + " returned " + read.size() + " rows");
        }
        List<Object> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Object e = rows.get(r);
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                Object v = read.get(r)[i];
                if (f.isAutoIncrement()) {
                    if (BuiltinCallbacks.unset(f, BuiltinCallbacks.value(f, e))) {
                        e = BuiltinCallbacks.with(schema, e, f, BuiltinCallbacks.convertKey((Long) v, f.boxedType()));
                    }
                } else if (fills.generated().contains(f.column().toLowerCase(Locale.ROOT))
                        || BuiltinCallbacks.unset(f, BuiltinCallbacks.value(f, e))) {
                    e = BuiltinCallbacks.with(schema, e, f, v);
                }
            }
            out.add(e);
        }
        return out;
    }
}
