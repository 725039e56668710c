package dev.r2orm.callbacks;

import dev.r2orm.clause.Assignment;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.FieldValue;
import dev.r2orm.clause.SqlValuer;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an update writes: explicit values ({@code update(column, value)}, {@code updates(map)}), the non-zero fields
 * of an entity ({@code updates(entity)}), or every field ({@code save}); narrowed by {@code select}/{@code omit};
 * with {@code updatedAt} set unless the update is an {@code updateColumns} (the {@code @Version} is moved on by the
 * update step, see {@link #movesVersion}). Resolved when the update runs, after the
 * before-hooks, so values a hook changes are written.
 */
public final class UpdatePlan {

    private enum Source { VALUES, ENTITY_NON_ZERO, ENTITY_ALL }

    private final Source source;
    private final Map<String, @Nullable Object> values;
    private final Set<String> selected;
    private final Set<String> omitted;
    private final boolean touchUpdatedAt;

    private UpdatePlan(Source source, Map<String, @Nullable Object> values, Set<String> selected, Set<String> omitted,
            boolean touchUpdatedAt) {
        this.source = source;
        this.values = values;
        this.selected = selected;
        this.omitted = omitted;
        this.touchUpdatedAt = touchUpdatedAt;
    }

    /**
     * Explicit values by field or column name; a value may be an {@link Expression} or a {@link SqlValuer}.
     *
     * @param values the values, in the order to write them
     * @return the plan
     */
    public static UpdatePlan values(Map<String, ?> values) {
        return new UpdatePlan(Source.VALUES, new LinkedHashMap<>(values), Set.of(), Set.of(), true);
    }

    /** @return a plan writing the entity's non-zero fields (GORM's {@code Updates(struct)}) */
    public static UpdatePlan nonZeroFields() {
        return new UpdatePlan(Source.ENTITY_NON_ZERO, Map.of(), Set.of(), Set.of(), true);
    }

    /** @return a plan writing every field but the primary key, zero or not (GORM's {@code Save}) */
    public static UpdatePlan allFields() {
        return new UpdatePlan(Source.ENTITY_ALL, Map.of(), Set.of(), Set.of(), true);
    }

    /**
     * Narrows the plan to these fields, which are written even when zero ({@code "*"} means every field).
     *
     * @param fields field or column names
     * @param omit fields or columns never written
     * @param touchUpdatedAt whether to set {@code updatedAt}
     * @return a new plan
     */
    public UpdatePlan narrowed(Set<String> fields, Set<String> omit, boolean touchUpdatedAt) {
        return new UpdatePlan(source, values, Set.copyOf(fields), Set.copyOf(omit), touchUpdatedAt);
    }

    /**
     * The assignments of the {@code SET} clause, by column.
     *
     * @param schema the model, or null for a table without one
     * @param entity the entity the update was called with, or null
     * @param now the current time, for {@code updatedAt}
     * @return the assignments in order; empty when there is nothing to write
     * @throws IllegalArgumentException naming a value key that is not a field or column
     */
    public List<Assignment> assignments(@Nullable Schema schema, @Nullable Object entity, Instant now) {
        Map<String, Assignment> out = new LinkedHashMap<>();
        if (source == Source.VALUES) {
            for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
                String column = column(schema, e.getKey());
                if (included(schema, e.getKey(), column)) {
                    Field f = schema == null ? null : schema.lookup(e.getKey());
                    if (f != null && !f.isUpdatable()) {
                        throw new IllegalArgumentException("updates: field " + f.name() + " of "
                                + schema.type().getName() + " cannot be updated (@Permission(update = false))");
                    }
                    Object v = columnValue(f, e.getValue());
                    Class<?> type = f != null ? f.storedType() : v == null ? Object.class : v.getClass();
                    out.put(column, new Assignment(column, v, type));
                }
            }
        } else if (schema != null && entity != null) {
            boolean all = source == Source.ENTITY_ALL || selected.contains("*");
            for (Field f : schema.fields()) {
                if (f.isPrimaryKey() || f.isVersion() || !f.isUpdatable() || !included(schema, f.name(), f.column())) {
                    continue;
                }
                Object v = f.get(entity);
                boolean forced = all || selected.contains(f.name()) || selected.contains(f.column());
                if (forced || !f.isZero(v) && !f.isAutoUpdateTime()) {
                    out.put(f.column(), new Assignment(f.column(), columnValue(f, v), f.storedType()));
                }
            }
        }
        if (touchUpdatedAt && schema != null && !out.isEmpty()) {
            for (Field f : schema.fields()) {
                if (f.isAutoUpdateTime() && f.isUpdatable() && !omitted.contains(f.name()) && !explicitlySet(f)) {
                    out.put(f.column(), new Assignment(f.column(), f.timeValue(now), f.boxedType()));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The fields the update writes and their values, for {@link dev.r2orm.hook.HookContext#changed(String)}.
     *
     * @param schema the model, or null
     * @param entity the entity, or null
     * @return new values by field name (and by column name)
     */
    public Map<String, @Nullable Object> changes(@Nullable Schema schema, @Nullable Object entity) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        for (Assignment a : assignments(schema, entity, Instant.EPOCH)) {
            Field f = schema == null ? null : schema.fieldByColumn(a.column());
            if (f != null && f.isAutoUpdateTime() && !explicitlySet(f)) {
                continue;
            }
            out.put(a.column(), a.value());
            if (f != null) {
                out.put(f.name(), a.value());
            }
        }
        return out;
    }

    /**
     * What a value writes into a column: a {@link SqlValuer}'s expression, an {@link Expression} as it is, any other
     * value through the field's converter (if there is a field). The one place where a field value becomes a column
     * value for {@code INSERT} and {@code SET}.
     */
    static @Nullable Object columnValue(@Nullable Field f, @Nullable Object v) {
        if (v instanceof SqlValuer) {
            return java.util.Objects.requireNonNull(((SqlValuer) v).toExpr(),
                    () -> v.getClass().getName() + ".toExpr() returned null");
        }
        return v instanceof Expression || f == null ? v : FieldValue.of(f.toColumn(v), f);
    }

    /**
     * Whether the update moves the {@code @Version} (when it writes anything): yes, unless it is an
     * {@code updateColumns}, the version is omitted, or the values set it explicitly. The entity's own version value
     * is never written: it is the expected one.
     *
     * @param version the model's version field
     * @return true when the version is moved on
     */
    public boolean movesVersion(Field version) {
        return touchUpdatedAt && version.isUpdatable() && !explicitlySet(version)
                && !omitted.contains(version.name()) && !omitted.contains(version.column());
    }

    private boolean explicitlySet(Field f) {
        return source == Source.VALUES && (values.containsKey(f.name()) || values.containsKey(f.column()));
    }

    private boolean included(@Nullable Schema schema, String name, String column) {
        if (omitted.contains(name) || omitted.contains(column)) {
            return false;
        }
        if (selected.isEmpty() || selected.contains("*")) {
            return true;
        }
        if (selected.contains(name) || selected.contains(column)) {
            return true;
        }
        Field f = schema == null ? null : schema.lookup(name);
        return f != null && (selected.contains(f.name()) || selected.contains(f.column()));
    }

    private static String column(@Nullable Schema schema, String key) {
        if (schema == null) {
            return Identifiers.column(key, "updates");
        }
        Field f = schema.lookup(key);
        if (f == null) {
            throw new IllegalArgumentException("updates: '" + key + "' is not a field or column of "
                    + schema.type().getName() + " (table " + schema.table() + ")");
        }
        return f.column();
    }
}
