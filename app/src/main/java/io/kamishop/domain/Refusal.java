package io.kamishop.domain;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A use case said no: the rule that was broken, in the domain's words. Services throw it; they know
 * which rule, not which door the request came through. Each door translates it: the JSON API and
 * the pages to an HTTP status (in {@code web}), a bot to a chat message, a plugin to an outcome.
 * A refusal always means nothing was changed.
 */
public class Refusal extends RuntimeException {

    /** What kind of no it is; each door maps these, and only these, to its own answers. */
    public enum Kind {
        /** The request cannot be read at all (malformed JSON, a missing field of the wrong type). */
        MALFORMED,
        /** Nobody is signed in, or the credentials are wrong. */
        UNAUTHENTICATED,
        /** Known caller, not allowed (a risk block, a wrong setup code, a token without the scope). */
        FORBIDDEN,
        /** No such thing, or none the caller may see (a wrong lookup token looks the same). */
        NOT_FOUND,
        /** The thing is not in a state that allows this now (out of stock, already paid, over-refund). */
        CONFLICT,
        /** It existed and is gone for good (an expired download link). */
        GONE,
        /** More than the store takes in one request. */
        TOO_LARGE,
        /** Sent in a form the store does not read. */
        UNSUPPORTED_MEDIA,
        /** Readable, but against a rule (an invalid coupon, a quantity out of range). */
        INVALID,
        /** Too many tries; {@code retryAfterSeconds} in the details says when to come back. */
        RATE_LIMITED,
        /** Storage gave out part-way; the details say exactly what was kept, so the caller can resume. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> details;

    public Refusal(Kind kind, String code, @Nullable String message) {
        this(kind, code, message, Map.of());
    }

    public Refusal(Kind kind, String code, @Nullable String message, Map<String, Object> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    /** The stable snake_case code of the contract, e.g. {@code out_of_stock}. */
    public String code() {
        return code;
    }

    /** Extra facts for the caller, e.g. {@code fields} (one message per invalid field) or {@code retryAfterSeconds}. */
    public Map<String, Object> details() {
        return details;
    }

    /** The per-field messages of an {@link #invalidFields} refusal; empty otherwise. */
    @SuppressWarnings("unchecked")
    public Map<String, String> fields() {
        return details.get("fields") instanceof Map<?, ?> fields ? (Map<String, String>) fields : Map.of();
    }

    /** {@code message} is null only when a plugin's rejection carried none (the answer's message is then null). */
    public static Refusal badRequest(String code, @Nullable String message) {
        return new Refusal(Kind.MALFORMED, code, message);
    }

    public static Refusal notFound(String code, String message) {
        return new Refusal(Kind.NOT_FOUND, code, message);
    }

    public static Refusal conflict(String code, String message) {
        return new Refusal(Kind.CONFLICT, code, message);
    }

    public static Refusal invalid(String code, String message) {
        return new Refusal(Kind.INVALID, code, message);
    }

    public static Refusal forbidden(String code, String message) {
        return new Refusal(Kind.FORBIDDEN, code, message);
    }

    /** Too many tries; come back in {@code retryAfterSeconds}. */
    public static Refusal rateLimited(String message, long retryAfterSeconds) {
        return new Refusal(Kind.RATE_LIMITED, "rate_limited", message, Map.of("retryAfterSeconds", retryAfterSeconds));
    }

    /** One message per field, e.g. {@code {"fields": {"email": "must be an email address"}}}. */
    public static Refusal invalidFields(String code, String message, Map<String, String> fields) {
        return new Refusal(Kind.INVALID, code, message, Map.of("fields", fields));
    }
}
