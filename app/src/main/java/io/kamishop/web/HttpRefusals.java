package io.kamishop.web;

import io.kamishop.domain.Refusal;

/** The one place a {@link Refusal} becomes an HTTP status: the JSON API and the HTML pages answer alike. */
public final class HttpRefusals {

    private HttpRefusals() {}

    public static int status(Refusal refusal) {
        return status(refusal.kind());
    }

    public static int status(Refusal.Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA -> 415;
            case INVALID -> 422;
            case RATE_LIMITED -> 429;
            case INTERRUPTED -> 503;
        };
    }
}
