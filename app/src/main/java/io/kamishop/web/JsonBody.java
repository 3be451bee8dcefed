package io.kamishop.web;

import io.kamishop.domain.Refusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A request's JSON object, read field by field with clear 400 answers: a field of the wrong type is
 * named in the error instead of surfacing as a parser stack trace.
 */
public final class JsonBody {

    private final ObjectNode root;

    private JsonBody(ObjectNode root) {
        this.root = root;
    }

    public static JsonBody parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw Refusal.badRequest("malformed_json", "the request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("malformed_json", "the request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw Refusal.badRequest("malformed_json", "the request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    public boolean has(String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    public Iterator<Map.Entry<String, JsonNode>> fields() {
        return root.fields();
    }

    public String requireString(String field) {
        return optionalString(field).orElseThrow(() -> missing(field, "a string"));
    }

    public Optional<String> optionalString(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            throw wrongType(field, "a string");
        }
        return Optional.of(node.textValue());
    }

    public long requireLong(String field) {
        return optionalLong(field).orElseThrow(() -> missing(field, "a whole number"));
    }

    public Optional<Long> optionalLong(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = root.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(field, "a whole number");
        }
        return Optional.of(node.longValue());
    }

    public Optional<Boolean> optionalBoolean(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return Optional.of(node.booleanValue());
    }

    /** Any JSON value as text: strings as they are, numbers and booleans printed. Objects and arrays are refused. */
    public Optional<String> optionalScalarText(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = root.get(field);
        if (node.isContainerNode()) {
            throw wrongType(field, "a string, number or boolean");
        }
        return Optional.of(node.asText());
    }

    private static Refusal missing(String field, String type) {
        return Refusal.badRequest("missing_field", "'" + field + "' is required and must be " + type);
    }

    private static Refusal wrongType(String field, String type) {
        return Refusal.badRequest("wrong_type", "'" + field + "' must be " + type);
    }
}
