package dev.r2orm.schema;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Converts array fields between their Java shape ({@code List<E>}, {@code E[]}, {@code int[]}) and driver arrays. */
final class ArrayValues {

    private ArrayValues() {
    }

    /** A list or an array as an array of the boxed element type, the form the drivers bind. */
    static Object[] toDriver(Object value, Class<?> element) {
        if (value instanceof Collection<?> c) {
            Object[] out = (Object[]) Array.newInstance(element, c.size());
            int i = 0;
            for (Object e : c) {
                out[i++] = e;
            }
            return out;
        }
        int n = Array.getLength(value);
        Object[] out = (Object[]) Array.newInstance(element, n);
        for (int i = 0; i < n; i++) {
            out[i] = Array.get(value, i);
        }
        return out;
    }

    /** A driver's array (typed, or {@code Object[]} on H2) as the field's type, its elements as the element type. */
    static Object fromDriver(Object value, Class<?> fieldType, Class<?> element) {
        int n = Array.getLength(value);
        if (fieldType == List.class) {
            List<@Nullable Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element(Array.get(value, i), element));
            }
            return out;
        }
        Object out = Array.newInstance(fieldType.getComponentType(), n);
        for (int i = 0; i < n; i++) {
            Object e = element(Array.get(value, i), element);
            if (e == null && fieldType.getComponentType().isPrimitive()) {
                throw new IllegalArgumentException("element " + i + " is NULL, which " + fieldType.getSimpleName()
                        + " cannot hold");
            }
            Array.set(out, i, e);
        }
        return out;
    }

    private static @Nullable Object element(@Nullable Object v, Class<?> element) {
        if (v == null || element.isInstance(v)) {
            return v;
        }
        if (v instanceof Number n) {
            if (element == Integer.class) {
                return Math.toIntExact(n.longValue());
            }
            if (element == Long.class) {
                return n.longValue();
            }
            if (element == Short.class) {
                return (short) Math.toIntExact(n.longValue());
            }
            if (element == Double.class) {
                return n.doubleValue();
            }
            if (element == Float.class) {
                return n.floatValue();
            }
            if (element == BigDecimal.class) {
                return new BigDecimal(n.toString());
            }
        }
        if (element == UUID.class && v instanceof String s) {
            return UUID.fromString(s);
        }
        if (element == String.class) {
            return v.toString();
        }
        throw new IllegalArgumentException("an element of type " + v.getClass().getName() + " cannot be a "
                + element.getSimpleName());
    }
}
