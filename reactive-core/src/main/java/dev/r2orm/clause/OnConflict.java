package dev.r2orm.clause;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code INSERT} does with a row that collides with an existing one (upsert), in the {@code "ON CONFLICT"}
 * slot; rendered by the dialect's {@link dev.r2orm.dialect.Dialect#upsert(SqlWriter, OnConflict, List, List)}.
 * Immutable: {@link #on(String...)} returns a new value.
 *
 * <pre>{@code
 * OnConflict.doNothing()                         // PG: ON CONFLICT DO NOTHING            (any unique key)
 *                                                // MySQL: ON DUPLICATE KEY UPDATE `id`=`id`
 * OnConflict.doNothing().on("email")             // PG: ON CONFLICT ("email") DO NOTHING
 * OnConflict.updateColumns("name", "age")        // PG: ON CONFLICT ("id") DO UPDATE SET "name"=EXCLUDED."name",...
 *                                                // MySQL: ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),...
 * OnConflict.assign(Map.of("count",
 *         Expr.of("? + ?", new Column("users", "count"), 1)))
 *                                     // PG: ON CONFLICT ("id") DO UPDATE SET "count"="users"."count" + $7
 * OnConflict.updateAll()                         // every inserted column but the keys and the target
 * }</pre>
 *
 * <p>The conflict target ({@link #target()}) defaults to the table's primary key, except for do-nothing, which on
 * PostgreSQL then ignores a collision on any unique key (as MySQL always does; H2 matches on the primary key). MySQL
 * and MariaDB ignore the target: a collision on any unique key fires the update. H2 has no {@code ON CONFLICT}: there
 * the whole insert becomes a {@code MERGE} ({@link dev.r2orm.dialect.Dialect#upsertReplacesInsert()}), matching rows
 * on the target.
 *
 * <p>In an assignment, refer to the existing row's column qualified by the table ({@code new Column("users",
 * "count")}, or {@code "users"."count"} in the SQL of an {@link Expr}): unqualified, PostgreSQL and H2 reject it as
 * ambiguous.
 *
 * @param target the conflict target columns, empty for the primary key
 * @param action what to do with a colliding row
 * @param columns the columns copied from the inserted row ({@link Action#UPDATE_COLUMNS}), else empty
 * @param assignments column to value ({@link Action#ASSIGN}), else empty; a value is bound, an {@link Expression} is
 *     rendered in place, a null is {@code NULL}; iteration order is the order of rendering
 */
public record OnConflict(List<String> target, Action action, List<String> columns,
        Map<String, @Nullable Object> assignments) implements Clause {

    /** What to do with a row that collides with an existing one. */
    public enum Action {
        /** Keep the existing row unchanged; the inserted row is dropped. */
        DO_NOTHING,
        /** Copy the listed columns from the inserted row into the existing one. */
        UPDATE_COLUMNS,
        /** Set the existing row's columns to the given values or expressions. */
        ASSIGN,
        /** Copy every inserted column but the primary key and the target; do nothing when none is left. */
        UPDATE_ALL
    }

    /**
     * Creates the clause; prefer the factories.
     *
     * @param target the conflict target columns, empty for the primary key
     * @param action the action
     * @param columns the columns to copy, non-empty exactly for {@link Action#UPDATE_COLUMNS}
     * @param assignments the assignments, non-empty exactly for {@link Action#ASSIGN}; copied, in iteration order
     * @throws NullPointerException if an argument, a column name or an assignment key is null
     * @throws IllegalArgumentException if a column name is empty, or the columns or assignments do not match the
     *     action
     */
    public OnConflict {
        Objects.requireNonNull(action, "action must not be null");
        target = names(Objects.requireNonNull(target, "target must not be null"), "target");
        columns = names(Objects.requireNonNull(columns, "columns must not be null"), "columns");
        Objects.requireNonNull(assignments, "assignments must not be null");
        Map<String, @Nullable Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends @Nullable Object> e : assignments.entrySet()) {
            String column = Objects.requireNonNull(e.getKey(), "an assignment's column must not be null");
            if (column.isEmpty()) {
                throw new IllegalArgumentException("an assignment's column must not be empty");
            }
            copy.put(column, e.getValue());
        }
        assignments = Collections.unmodifiableMap(copy);
        if ((action == Action.UPDATE_COLUMNS) == columns.isEmpty()) {
            throw new IllegalArgumentException(action == Action.UPDATE_COLUMNS
                    ? "UPDATE_COLUMNS needs at least one column" : action + " takes no columns");
        }
        if ((action == Action.ASSIGN) == assignments.isEmpty()) {
            throw new IllegalArgumentException(action == Action.ASSIGN
                    ? "ASSIGN needs at least one assignment" : action + " takes no assignments");
        }
    }

    /**
     * Keeps existing rows unchanged (GORM {@code DoNothing}). With no target, PostgreSQL ignores a collision on any
     * unique key; H2 matches on the primary key.
     *
     * @return the clause
     */
    public static OnConflict doNothing() {
        return new OnConflict(List.of(), Action.DO_NOTHING, List.of(), Map.of());
    }

    /**
     * Copies the given columns from the inserted row (GORM {@code DoUpdates(clause.AssignmentColumns(...))}).
     *
     * @param columns the columns to update
     * @return the clause
     * @throws IllegalArgumentException if there is no column or a name is empty
     */
    public static OnConflict updateColumns(String... columns) {
        return updateColumns(Arrays.asList(columns));
    }

    /**
     * Copies the given columns from the inserted row (GORM {@code DoUpdates(clause.AssignmentColumns(...))}).
     *
     * @param columns the columns to update
     * @return the clause
     * @throws IllegalArgumentException if there is no column or a name is empty
     */
    public static OnConflict updateColumns(List<String> columns) {
        return new OnConflict(List.of(), Action.UPDATE_COLUMNS, columns, Map.of());
    }

    /**
     * Sets columns of the existing row (GORM {@code DoUpdates(clause.Assignments(map))}): a plain value is bound, an
     * {@link Expression} ({@link Expr}, {@link Column}) is rendered in place, a null is {@code NULL}. A
     * {@link LinkedHashMap} or {@link SortedMap} keeps its order; any other map is rendered in column-name order (as
     * GORM does), so that the SQL text is stable: MySQL applies the assignments left to right.
     *
     * @param assignments column to value or expression
     * @return the clause
     * @throws IllegalArgumentException if the map is empty or a column is empty
     */
    public static OnConflict assign(Map<String, ? extends @Nullable Object> assignments) {
        Objects.requireNonNull(assignments, "assignments must not be null");
        Map<String, @Nullable Object> ordered = new LinkedHashMap<>();
        if (assignments instanceof LinkedHashMap || assignments instanceof SortedMap) {
            ordered.putAll(assignments);
        } else {
            ordered.putAll(new TreeMap<String, @Nullable Object>(assignments));
        }
        return new OnConflict(List.of(), Action.ASSIGN, List.of(), ordered);
    }

    /**
     * Copies every inserted column except the primary key and the target columns (GORM {@code UpdateAll}); when no
     * column is left, does nothing. The target defaults to the primary key.
     *
     * @return the clause
     */
    public static OnConflict updateAll() {
        return new OnConflict(List.of(), Action.UPDATE_ALL, List.of(), Map.of());
    }

    /**
     * The same action on the given conflict target: the columns of a unique key or of the primary key
     * ({@code ON CONFLICT ("email")} on PostgreSQL, {@code ON ... = ...} of H2's {@code MERGE}; ignored by MySQL).
     *
     * @param target the target columns, replacing any given before; none for the primary key
     * @return a new clause
     * @throws IllegalArgumentException if a name is empty
     */
    public OnConflict on(String... target) {
        return new OnConflict(Arrays.asList(target), action, columns, assignments);
    }

    /**
     * The columns an update sets from the inserted row: {@link #columns()} for {@link Action#UPDATE_COLUMNS}; for
     * {@link Action#UPDATE_ALL} the inserted columns that are neither keys nor in the target; otherwise none.
     *
     * @param insertColumns the columns of the insert
     * @param keyColumns the primary key columns
     * @return the columns, in insert order
     */
    public List<String> updatedColumns(List<String> insertColumns, List<String> keyColumns) {
        if (action == Action.UPDATE_COLUMNS) {
            return columns;
        }
        if (action != Action.UPDATE_ALL) {
            return List.of();
        }
        List<String> out = new ArrayList<>(insertColumns.size());
        for (String c : insertColumns) {
            if (!keyColumns.contains(c) && !target.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Whether a colliding row is left unchanged: {@link Action#DO_NOTHING}, or {@link Action#UPDATE_ALL} with no
     * column left to update.
     *
     * @param insertColumns the columns of the insert
     * @param keyColumns the primary key columns
     * @return {@code true} when nothing is updated
     */
    public boolean doesNothing(List<String> insertColumns, List<String> keyColumns) {
        return action == Action.DO_NOTHING
                || action == Action.UPDATE_ALL && updatedColumns(insertColumns, keyColumns).isEmpty();
    }

    /**
     * The conflict target: {@link #target()}, else the primary key columns.
     *
     * @param keyColumns the primary key columns
     * @return the columns identifying a collision, possibly empty
     */
    public List<String> targetOr(List<String> keyColumns) {
        return target.isEmpty() ? keyColumns : target;
    }

    /**
     * This clause completed with what its rendering needs from the insert: the inserted columns (for
     * {@link Action#UPDATE_ALL}) and the primary key (the default target). The statement assembler adds this to the
     * {@code "ON CONFLICT"} slot.
     *
     * @param insertColumns the columns of the insert, in order
     * @param keyColumns the table's primary key columns, empty when it has none
     * @return a clause in the {@code "ON CONFLICT"} slot
     */
    public Clause forInsert(List<String> insertColumns, List<String> keyColumns) {
        return new ForInsert(this, List.copyOf(insertColumns), List.copyOf(keyColumns));
    }

    @Override
    public String name() {
        return "ON CONFLICT";
    }

    /**
     * Writes the clause knowing no inserted columns and no primary key: right for an explicit {@link #target()};
     * otherwise use {@link #forInsert(List, List)}.
     *
     * @param w the writer
     * @throws IllegalStateException for {@link Action#UPDATE_ALL}, which needs the inserted columns, and when the
     *     dialect needs a target or a column that is not known
     * @throws dev.r2orm.UnsupportedByDialectException if the dialect has no {@code ON CONFLICT} (H2)
     */
    @Override
    public void build(SqlWriter w) {
        if (action == Action.UPDATE_ALL) {
            throw new IllegalStateException("ON CONFLICT UPDATE_ALL needs the inserted columns: render"
                    + " onConflict.forInsert(insertColumns, keyColumns) instead");
        }
        w.dialect().upsert(w, this, List.of(), List.of());
    }

    /**
     * Writes one assignment's value: an {@link Expression} in place, null as the {@code NULL} keyword (its type is
     * unknown here, and some drivers cannot bind an untyped null), anything else as a bound value.
     *
     * @param w the writer
     * @param value the value or expression
     */
    public static void writeValue(SqlWriter w, @Nullable Object value) {
        if (value instanceof Expression) {
            ((Expression) value).build(w);
        } else if (value == null) {
            w.keyword("NULL");
        } else {
            w.bind(value);
        }
    }

    private static List<String> names(List<String> names, String what) {
        for (String n : names) {
            if (Objects.requireNonNull(n, () -> "a name in " + what + " must not be null").isEmpty()) {
                throw new IllegalArgumentException("a name in " + what + " must not be empty");
            }
        }
        return List.copyOf(names);
    }

    /** The clause with the insert's columns and keys, as the statement renders it. */
    private record ForInsert(OnConflict onConflict, List<String> insertColumns, List<String> keyColumns)
            implements Clause {

        @Override
        public String name() {
            return "ON CONFLICT";
        }

        @Override
        public void build(SqlWriter w) {
            w.dialect().upsert(w, onConflict, insertColumns, keyColumns);
        }
    }
}
