package dev.r2orm.annotation;

import dev.r2orm.schema.Converter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a field through a {@link Converter}: {@code @Serializer(JsonConverter.class) Map<String, Object> meta;}. The
 * field may then have any Java type; its column type follows from the converter's stored type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Serializer {

    /**
     * The converter class, instantiated once per field with its constructor without arguments.
     *
     * @return the converter class
     */
    @SuppressWarnings("rawtypes")
    Class<? extends Converter> value();
}
