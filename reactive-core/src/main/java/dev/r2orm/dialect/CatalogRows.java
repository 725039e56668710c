package dev.r2orm.dialect;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the values of catalog rows ({@link SchemaCatalog.Query}) whatever Java type a driver decodes them into: text
 * as {@code String}, {@code byte[]} or {@code ByteBuffer}; numbers as any {@code Number} or text; flags as
 * {@code Boolean}, a number or {@code YES}/{@code true}/{@code t}/{@code 1}; lists as a {@code Collection} or an array.
 */
public final class CatalogRows {

    private CatalogRows() {
    }

    /**
     * A value as text.
     *
     * @param value the value, or null
     * @return the text, empty for null; bytes decoded as UTF-8
     */
    public static String str(@Nullable Object value) {
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer b) {
            return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
        }
        return value == null ? "" : value.toString();
    }

    /**
     * A value as a whole number.
     *
     * @param value the value, or null
     * @return the number, 0 for null or empty text, 1 or 0 for a flag
     * @throws NumberFormatException for text that is not a number
     */
    public static long num(@Nullable Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = str(value).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    /**
     * A value as a flag.
     *
     * @param value the value, or null
     * @return {@code true} for true, a non-zero number, or the text yes, true, t or 1 (any case)
     */
    public static boolean flag(@Nullable Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = str(value).trim();
        return s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("t") || s.equals("1");
    }

    /**
     * A value as a list of text.
     *
     * @param value a collection or an array, or anything else
     * @return its elements as text; empty for anything else
     */
    public static List<String> strings(@Nullable Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(str(v)));
        } else if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(str(Array.get(value, i)));
            }
        }
        return out;
    }
}
