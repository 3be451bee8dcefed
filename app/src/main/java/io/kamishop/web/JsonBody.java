package io.kamishop.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.kamishop.domain.Refusal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * The request's body as a JSON object, read strictly: JSON is UTF-8 (RFC 8259), so another
     * declared charset is a 415 and bytes that are not UTF-8 are a 400, never replaced by U+FFFD.
     */
    public static JsonBody read(ObjectMapper mapper, Context ctx) {
        return parse(mapper, utf8(ctx));
    }

    /**
     * Like {@link #read}, for a door whose every field is optional: no body at all reads as {@code {}},
     * so the fields take their defaults. A body that is there is read exactly as {@link #read} reads it
     * (charset, UTF-8, one JSON object, no key twice), so a malformed one is the same 400.
     */
    public static JsonBody readOptional(ObjectMapper mapper, Context ctx) {
        String body = utf8(ctx);
        return body.isEmpty() ? new JsonBody(mapper.createObjectNode()) : parse(mapper, body);
    }

    /** The body as UTF-8 text, strictly decoded; empty for no body. */
    public static String utf8(Context ctx) {
        String charset = RequestCharset.declared(ctx.contentType());
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new Refusal(
                    Refusal.Kind.UNSUPPORTED_MEDIA, "unsupported_charset", "JSON is sent as UTF-8, not " + charset);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ctx.bodyAsBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Refusal.badRequest("malformed_json", "the request body is not valid UTF-8");
        }
    }

    /**
     * Parses a JSON object strictly: nothing after it, no key twice, no NUL character and no lone
     * surrogate in a key or a string (they reach the database and logs and mean nothing in a shop).
     */
    public static JsonBody parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw Refusal.badRequest("malformed_json", "the request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("malformed_json", "the request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw Refusal.badRequest("malformed_json", "the request body must be a JSON object");
        }
        refuseUnprintable(object);
        return new JsonBody(object);
    }

    private static void refuseUnprintable(JsonNode node) {
        if (node.isTextual()) {
            checkText(node.textValue());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                checkText(e.getKey());
                refuseUnprintable(e.getValue());
            });
        } else if (node.isArray()) {
            node.forEach(JsonBody::refuseUnprintable);
        }
    }

    private static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw Refusal.badRequest("malformed_json", "the request body contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Refusal.badRequest("malformed_json", "the request body contains a lone UTF-16 surrogate");
            }
        }
    }

    public boolean has(String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    /** The field as it was sent, for a shape the typed readers do not cover (a list of objects); missing if absent. */
    public JsonNode node(String field) {
        return root.path(field);
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
        return nullableLong(field).orElseThrow(() -> missing(field, "a whole number"));
    }

    /** A whole number if given; {@code null} is refused (leave the field out instead). */
    public Optional<Long> optionalLong(String field) {
        if (root.has(field) && root.get(field).isNull()) {
            throw wrongType(field, "a whole number, not null (leave it out instead)");
        }
        return nullableLong(field);
    }

    /** A whole number if given; absent and {@code null} both mean none, for fields where "none" is a value. */
    public Optional<Long> nullableLong(String field) {
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
