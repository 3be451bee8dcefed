package io.kamishop.web;

import java.util.Map;

/**
 * A failure the caller can act on, answered as {@code {"error": {"code", "message", ...}}} with a
 * 4xx status. Thrown by services too: they know the rule that was broken, HTTP only knows the status.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException invalid(String code, String message) {
        return new ApiException(422, code, message);
    }

    /** 422 with one message per field, e.g. {@code {"fields": {"email": "must be an email address"}}}. */
    public static ApiException invalidFields(String code, String message, Map<String, String> fields) {
        return new ApiException(422, code, message, Map.of("fields", fields));
    }
}
