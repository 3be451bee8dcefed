package io.kamishop.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.kamishop.api.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The host's Jackson, lent to plugins behind the small {@link JsonCodec} promise. */
final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;
    /**
     * Made once: a reader keeps the deserializer it found for its type, where {@code mapper.readValue} with a new
     * {@code TypeReference} looks it up again on every call (every payment notification a plugin parses).
     */
    private final ObjectReader objects;

    JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.objects = mapper.readerFor(new TypeReference<Map<String, Object>>() {});
    }

    @Override
    public Map<String, Object> parseObject(byte[] json) {
        try {
            Map<String, Object> parsed = objects.readValue(json);
            if (parsed == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }

    @Override
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
