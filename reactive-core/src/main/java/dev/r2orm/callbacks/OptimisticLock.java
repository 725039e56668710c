package dev.r2orm.callbacks;

import dev.r2orm.OptimisticLockException;
import dev.r2orm.Statement;
import dev.r2orm.clause.Assignment;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.Where;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code @Version} of one update or delete: the value the update writes, the condition on the version the entity
 * holds, the check of the rows matched, and the new version written back into the entity. Made per run, once the
 * before-hooks have run.
 */
final class OptimisticLock {

    private final Schema schema;
    private final Field field;
    private final @Nullable Object entity;
    private final @Nullable Object expected;
    private @Nullable Object written;

    private OptimisticLock(Schema schema, Field field, @Nullable Object entity, @Nullable Object expected) {
        this.schema = schema;
        this.field = field;
        this.entity = entity;
        this.expected = expected;
    }

    /**
     * The version handling of an operation, or null when its model has no {@code @Version}. The new version is written
     * back when the operation was given an entity ({@link Operation#checkVersionOf}) whose primary key is set, and the
     * version is checked when that entity's version is set too.
     */
    static @Nullable OptimisticLock of(Operation op) {
        Schema schema = op.schema();
        Field field = schema == null ? null : schema.versionField();
        if (field == null) {
            return null;
        }
        Object entity = op.versionChecked();
        if (entity == null || !schema.type().isInstance(entity) || !keyed(schema, entity)) {
            return new OptimisticLock(schema, field, null, null);
        }
        Object v = field.get(entity);
        return new OptimisticLock(schema, field, entity, field.isZero(v) ? null : v);
    }

    private static boolean keyed(Schema schema, Object entity) {
        if (schema.primaryKeys().isEmpty()) {
            return false;
        }
        for (Field pk : schema.primaryKeys()) {
            if (pk.isZero(pk.get(entity))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code SET} list with the version's new value added: {@code COALESCE("version",0)+1} for an integer
     * version, the next timestamp (bound) for a timestamp version. Unchanged when the plan does not move the version
     * ({@code updateColumns}, the version omitted) or sets it explicitly, whose value is then the one written back
     * (when it is of the field's type).
     */
    List<Assignment> bump(List<Assignment> set, UpdatePlan plan, Instant now) {
        for (Assignment a : set) {
            if (a.column().equals(field.column())) {
                written = field.boxedType().isInstance(a.value()) ? a.value() : null;
                return set;
            }
        }
        if (!plan.movesVersion(field)) {
            return set;
        }
        written = field.nextVersion(expected, now);
        String column = field.column();
        Object value = !Number.class.isAssignableFrom(field.boxedType()) ? written
                : (Expression) w -> w.keyword("COALESCE(").identifier(column).keyword(",0)+1");
        List<Assignment> out = new ArrayList<>(set);
        out.add(new Assignment(column, value, field.boxedType()));
        return out;
    }

    /** The statement with {@code AND "table"."version" = $n} added when the version is checked. */
    Statement guard(Statement statement) {
        if (expected == null) {
            return statement;
        }
        return statement.with(Where.of(new Eq(new Column(schema.table(), field.column()), expected,
                field.boxedType())));
    }

    /**
     * After the statement ran: signals {@link OptimisticLockException} when the version was checked and no row
     * matched; otherwise writes the new version into the entity (a class; records are immutable).
     *
     * @param rows the rows the statement matched
     * @param dryRun whether the statement was only rendered
     */
    void verify(long rows, boolean dryRun) {
        if (dryRun) {
            return;
        }
        if (expected != null && rows == 0) {
            Map<String, @Nullable Object> key = new LinkedHashMap<>();
            for (Field pk : schema.primaryKeys()) {
                key.put(pk.name(), pk.get(entity));
            }
            throw new OptimisticLockException(schema.type(), entity, key, expected);
        }
        if (rows > 0 && written != null && entity != null && !schema.isRecord()) {
            field.set(entity, written);
        }
    }
}
