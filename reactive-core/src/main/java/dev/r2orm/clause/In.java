package dev.r2orm.clause;

import java.util.List;
import java.util.Objects;

/**
 * {@code column IN ($1,$2,...)}; with no values {@code column IN (NULL)}, which matches nothing. A long list of plain
 * values ({@value #ARRAY_FROM} or more) on a dialect that binds column arrays
 * ({@link dev.r2orm.dialect.Dialect#arrayElementType}) is sent as one array instead,
 * {@code column = ANY(CAST($1 AS bigint[]))}, which matches the same rows: a preload's 1,000 keys are one bind
 * rather than 1,000.
 *
 * @param column the column
 * @param values the values, bound
 * @param type the values' Java type
 */
public record In(Column column, List<?> values, Class<?> type) implements Expression {

    /** The shortest list sent as one array where the dialect has them; shorter ones keep their markers. */
    public static final int ARRAY_FROM = 32;

    /**
     * Creates the condition.
     *
     * @param column the column
     * @param values the values
     * @param type the values' Java type
     */
    public In {
        Objects.requireNonNull(column, "column must not be null");
        values = List.copyOf(values);
    }

    @Override
    public void build(SqlWriter w) {
        if (values.size() >= ARRAY_FROM && asArray(w)) {
            return;
        }
        column.build(w);
        w.keyword(" IN (");
        if (values.isEmpty()) {
            w.keyword("NULL");
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.keyword(",");
            }
            Object v = values.get(i);
            if (v instanceof Expression e) {
                e.build(w);
            } else {
                w.bind(v, type);
            }
        }
        w.keyword(")");
    }

    /** Writes {@code column = ANY(CAST(? AS type[]))} when the dialect and every value allow it. */
    private boolean asArray(SqlWriter w) {
        if (type.isEnum() || type.isArray()) {
            return false;
        }
        Class<?> boxed = java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        String element = w.dialect().arrayElementType(boxed);
        if (element == null) {
            return false;
        }
        Object[] array = (Object[]) java.lang.reflect.Array.newInstance(boxed, values.size());
        for (int i = 0; i < array.length; i++) {
            Object v = values.get(i);
            if (v == null) {
                continue; // matches nothing either way
            }
            if (v instanceof Expression) {
                return false;
            }
            v = w.dialect().bindValue(v);
            if (!boxed.isInstance(v)) {
                return false;
            }
            array[i] = v;
        }
        column.build(w);
        w.keyword(" = ANY(CAST(").bind(array, array.getClass()).keyword(" AS ").keyword(element).keyword("[]))");
        return true;
    }
}
