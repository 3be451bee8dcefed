package io.kamishop.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a line of an order's history says, as a message code and its arguments rather than an English
 * sentence, so each reader (the admin in Chinese or English, the API) words it in its own language. The
 * arguments are data: order and trade numbers, channel ids, amounts, status codes, what a person typed.
 *
 * @param code a message code: the admin words it with its {@code detail_<code>} message
 * @param args the values the message puts in its {@code {0}}, {@code {1}}, ... places
 */
public record EventDetail(String code, List<String> args) {

    public EventDetail {
        Objects.requireNonNull(code, "code");
        args = List.copyOf(args);
    }

    /** A detail from any values, each written as its {@link String#valueOf} (null as an empty string). */
    public static EventDetail of(String code, @Nullable Object... args) {
        return new EventDetail(
                code,
                Arrays.stream(args).map(a -> a == null ? "" : String.valueOf(a)).toList());
    }

    /** Code and arguments in one line, for logs and the audit trail, which record rather than explain. */
    public String asCode() {
        return args.isEmpty() ? code : code + " " + String.join(" ", args);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The arguments as stored: a JSON array of strings. */
    String encodedArgs() {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static EventDetail decode(String code, @Nullable String encodedArgs) {
        if (encodedArgs == null || encodedArgs.isBlank()) {
            return new EventDetail(code, List.of());
        }
        try {
            return new EventDetail(code, JSON.readValue(encodedArgs, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order event arguments are not a JSON array: " + encodedArgs, e);
        }
    }
}
