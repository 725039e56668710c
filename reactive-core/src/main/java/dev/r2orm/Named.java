package dev.r2orm;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named argument for SQL written with {@code @name} placeholders, as GORM's {@code sql.Named}:
 *
 * <pre>{@code
 * q.where("name = @name OR nickname = @name", Named.of("name", "jinzhu"))   // name = $1 OR nickname = $2, binds [jinzhu, jinzhu]
 * q.where("name = @name", Map.of("name", "jinzhu"))                         // the same with a map
 * }</pre>
 *
 * @param name the placeholder's name, without {@code @}
 * @param value the value
 */
public record Named(String name, @Nullable Object value) {

    /**
     * Creates a named argument.
     *
     * @param name the name
     * @param value the value
     */
    public Named {
        Objects.requireNonNull(name, "name must not be null");
    }

    /**
     * Creates a named argument.
     *
     * @param name the placeholder's name, without {@code @}
     * @param value the value
     * @return the argument
     */
    public static Named of(String name, @Nullable Object value) {
        return new Named(name, value);
    }
}
