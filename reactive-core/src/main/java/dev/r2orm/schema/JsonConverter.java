package dev.r2orm.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.r2orm.R2ormException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Stores any value as JSON text with Jackson (GORM's {@code serializer:json}); reads it back into the field's declared
 * type, generics included. The column is JSON ({@code jsonb} on PostgreSQL, {@code json} on MySQL, MariaDB and H2),
 * and the value is bound as JSON without a cast in the caller's SQL; a field with {@code @Column(type = "text")}
 * keeps a text column. Jackson ({@code jackson-databind}) must be on the classpath. {@code Map} and Jackson
 * {@code JsonNode} fields use this converter without the annotation. Errors in either direction are
 * {@link R2ormException}s naming the type.
 */
public final class JsonConverter implements Converter<Object, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    /** Creates the converter. */
    public JsonConverter() {
    }

    @Override
    public Class<String> storedType() {
        return String.class;
    }

    /** @return {@code true}: the column holds JSON */
    @Override
    public boolean isJson() {
        return true;
    }

    @Override
    public String toDatabase(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new R2ormException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public @Nullable Object fromDatabase(String value, Type javaType) {
        try {
            return MAPPER.readValue(value, MAPPER.getTypeFactory().constructType(javaType));
        } catch (JsonProcessingException e) {
            throw new R2ormException("cannot read JSON into " + javaType.getTypeName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }
}
