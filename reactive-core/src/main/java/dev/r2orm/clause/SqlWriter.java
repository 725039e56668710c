package dev.r2orm.clause;

import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.EnumLabels;
import dev.r2orm.schema.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes SQL through a {@link Dialect} with exactly three operations: a constant fragment ({@link #keyword}), a quoted
 * identifier ({@link #identifier}) and a bound value ({@link #bind}). User values only ever go through {@code bind},
 * so they never enter the SQL text. Not thread-safe: one writer renders one statement.
 */
public final class SqlWriter {

    private final Dialect dialect;
    private final StringBuilder sql = new StringBuilder(128);
    private List<@Nullable Object> binds = new ArrayList<>();
    private List<Class<?>> types = new ArrayList<>();
    /** Whether {@link #toSql} handed the lists to an {@link Sql}: a later bind copies them first. */
    private boolean handedOver;
    private int[] markers = new int[16];

    /**
     * Creates a writer.
     *
     * @param dialect the dialect that renders identifiers and bind markers
     */
    public SqlWriter(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
    }

    /** @return the dialect this writer renders for */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Appends constant SQL text: keywords, punctuation, or SQL a developer wrote in code. Never a user value.
     *
     * @param text the fragment
     * @return this writer
     */
    public SqlWriter keyword(String text) {
        sql.append(text);
        return this;
    }

    /** Appends part of a constant text, as {@link #keyword} appends all of it. */
    SqlWriter fragment(String text, int from, int to) {
        sql.append(text, from, to);
        return this;
    }

    /**
     * Appends an identifier, quoted by the dialect.
     *
     * @param name a table or column name
     * @return this writer
     * @throws IllegalArgumentException if the name cannot be quoted safely
     */
    public SqlWriter identifier(String name) {
        dialect.quote(sql, name);
        return this;
    }

    /**
     * Appends a bind marker and records the value to bind. An enum binds as its database label
     * ({@link dev.r2orm.schema.EnumLabels}) through {@link Dialect#bindLabel}; other values go through
     * {@link Dialect#bindValue(Object)}.
     *
     * @param value the value, or null for SQL NULL
     * @param type the value's Java type, used to bind a null
     * @return this writer
     */
    public SqlWriter bind(@Nullable Object value, Class<?> type) {
        if (value instanceof Enum<?> e) {
            dialect.bindLabel(this, EnumLabels.label(e));
            return this;
        }
        if (value == null && type.isEnum()) {
            dialect.bindLabel(this, null);
            return this;
        }
        return bindAsIs(value == null ? null : dialect.bindValue(value), type);
    }

    /**
     * Appends a bind marker for a model field's value, bound by the dialect when the field asks for it
     * ({@link Field#isTypedBind()}: {@link Dialect#bindField}), else as {@link #bind(Object, Class)} with the field's
     * stored type.
     *
     * @param value the value as the column stores it (after the field's converter), or null
     * @param field the field
     * @return this writer
     * @throws dev.r2orm.UnsupportedByDialectException when the database cannot store the field (an array on MySQL)
     */
    public SqlWriter bind(@Nullable Object value, Field field) {
        if (field.isTypedBind()) {
            dialect.bindField(this, value, field);
            return this;
        }
        return bind(value, field.storedType());
    }

    /**
     * Appends a bind marker and records a value exactly as the driver receives it, with no conversion: for dialects
     * that have already converted it.
     *
     * @param value the value, or null for SQL NULL
     * @param type the type to bind a null with, or {@link ServerTyped}
     * @return this writer
     */
    public SqlWriter bindAsIs(@Nullable Object value, Class<?> type) {
        takeBack();
        int n = binds.size();
        if (markers.length < 2 * n + 2) {
            markers = java.util.Arrays.copyOf(markers, markers.length * 2);
        }
        markers[2 * n] = sql.length();
        dialect.bindMarker(sql, n);
        markers[2 * n + 1] = sql.length();
        binds.add(value);
        types.add(type);
        return this;
    }

    /**
     * Appends a bind marker for a value whose type is its class.
     *
     * @param value the value, not null (use {@link #bind(Object, Class)} for a null)
     * @return this writer
     */
    public SqlWriter bind(Object value) {
        return bind(value, value.getClass());
    }

    /**
     * Makes room for this many more binds at once, for a clause that knows how many it writes (a multi-row
     * {@code VALUES}): a hint that saves growing the lists step by step.
     *
     * @param more the binds about to be written
     * @return this writer
     */
    public SqlWriter expectBinds(int more) {
        if (more <= 0) {
            return this;
        }
        int n = binds.size() + more;
        takeBack();
        ((ArrayList<@Nullable Object>) binds).ensureCapacity(n);
        ((ArrayList<Class<?>>) types).ensureCapacity(n);
        if (markers.length < 2 * n) {
            markers = java.util.Arrays.copyOf(markers, 2 * n);
        }
        return this;
    }

    /** After {@link #toSql}, writes go to copies: the {@link Sql} keeps the lists it was given. */
    private void takeBack() {
        if (handedOver) {
            binds = new ArrayList<>(binds);
            types = new ArrayList<>(types);
            handedOver = false;
        }
    }

    /** @return the SQL written so far and its binds */
    public Sql toSql() {
        handedOver = true;
        return new Sql(sql.toString(), binds, types, java.util.Arrays.copyOf(markers, 2 * binds.size()), dialect,
                false);
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
