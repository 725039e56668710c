package dev.r2orm;

import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The columns of one {@link Db#copyIn} load, fixed by its first entity, and each entity's values for them: converted
 * for storage, auto timestamps filled.
 */
final class CopyPlan {

    private final Schema schema;
    private final List<Field> fields = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();
    /** Keys and columns with a database default that the first entity leaves unset: left to the database. */
    private final List<Field> left = new ArrayList<>();

    CopyPlan(Schema schema, Object first) {
        this.schema = schema;
        checked(first, 0);
        for (Field f : schema.fields()) {
            if (!f.isCreatable()) {
                continue;
            }
            if (defaultable(f) && f.isZero(f.get(first))) {
                left.add(f);
            } else {
                fields.add(f);
                columns.add(f.column());
            }
        }
    }

    private static boolean defaultable(Field f) {
        return f.isAutoIncrement() || !f.defaultValue().isEmpty();
    }

    List<String> columns() {
        return columns;
    }

    /**
     * An entity's values, in {@link #columns()} order.
     *
     * @throws IllegalArgumentException when the entity is of another class, or sets a column left to the database
     */
    @Nullable Object[] row(Object entity, long index, Instant now) {
        check(entity, index);
        @Nullable Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Field f = fields.get(i);
            Object v = f.get(entity);
            if ((f.isAutoCreateTime() || f.isAutoUpdateTime()) && f.isZero(v)) {
                v = f.timeValue(now);
            }
            values[i] = f.toColumn(v);
        }
        return values;
    }

    /**
     * Checks that an entity fits the columns.
     *
     * @throws IllegalArgumentException when the entity is of another class, or sets a column left to the database
     */
    void check(Object entity, long index) {
        checked(entity, index);
        for (Field f : left) {
            if (!f.isZero(f.get(entity))) {
                throw new IllegalArgumentException("copyIn: entity " + index + " sets " + f.name()
                        + ", which the first entity leaves to the database; give every entity a value or none");
            }
        }
    }

    private Object checked(Object entity, long index) {
        if (entity.getClass() != schema.type()) {
            throw new IllegalArgumentException("copyIn loads " + schema.type().getName() + " entities; entity "
                    + index + " is a " + entity.getClass().getName());
        }
        return entity;
    }
}
