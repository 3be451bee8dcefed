package io.kamishop.plugins.paypal;

import io.kamishop.api.JsonCodec;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PayPal's REST API as plain JSON over the host's guarded HTTP client, with an OAuth2
 * client-credentials token kept until shortly before it expires
 * (<a href="https://developer.paypal.com/api/rest/authentication/">Authentication</a>).
 */
final class PayPalApi {

    /** What a call answered: its status and JSON body (empty when there was none). */
    record Answer(int status, Map<String, Object> body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The first {@code details[].issue} of an error (e.g. {@code ORDER_ALREADY_CAPTURED}), else its {@code name}, else {@code ""}. */
        String issue() {
            if (body.get("details") instanceof List<?> details
                    && !details.isEmpty()
                    && details.get(0) instanceof Map<?, ?> detail
                    && detail.get("issue") instanceof String issue) {
                return issue;
            }
            return body.get("name") instanceof String name ? name : "";
        }

        String describe() {
            Object debugId = body.get("debug_id");
            return "HTTP " + status + (issue().isEmpty() ? "" : " " + issue())
                    + (debugId == null ? "" : " (debug_id " + debugId + ")");
        }
    }

    /** The credentials a token was issued for, so a changed setting never reuses another account's token. */
    private record Token(String owner, String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]"; // never the bearer token itself
        }
    }

    /** Refreshed this long before PayPal says it expires, so a call never starts with a token about to die. */
    private static final Duration EARLY = Duration.ofMinutes(5);

    private final Supplier<OutboundHttp> http;
    private final JsonCodec json;
    private final Clock clock;
    private final Duration timeout;
    private volatile Token token;

    PayPalApi(Supplier<OutboundHttp> http, JsonCodec json, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Calls the API with a bearer token. A 401 means the token died early (revoked, or another node's
     * credentials changed): a new token is fetched and the call made once more.
     *
     * @param requestId {@code PayPal-Request-Id}, PayPal's idempotency key: the same id answers the first call's result
     * @param body      a JSON text, or {@code null} for a GET
     */
    Answer call(PayPalConfig config, String method, String path, String requestId, String body)
            throws PaymentException {
        Answer answer = send(config, method, path, requestId, body, bearer(config, false));
        if (answer.status() == 401) {
            answer = send(config, method, path, requestId, body, bearer(config, true));
        }
        return answer;
    }

    /** Obtains a fresh access token with the configured client ID and secret: PayPal's one harmless authenticated call. */
    void renewToken(PayPalConfig config) throws PaymentException {
        bearer(config, true);
    }

    private Answer send(PayPalConfig config, String method, String path, String requestId, String body, String bearer)
            throws PaymentException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.apiBase() + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        if (requestId != null) {
            request.header("PayPal-Request-Id", requestId);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    // The whole resource back, not the minimal one: the capture's id and amount are what we settle by.
                    .header("Prefer", "return=representation")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return exchange(request.build(), method + " " + path);
    }

    private String bearer(PayPalConfig config, boolean renew) throws PaymentException {
        String owner = config.apiBase() + " " + config.clientId() + " "
                + Integer.toHexString(config.clientSecret().hashCode());
        Token current = token;
        Instant now = clock.instant();
        if (!renew && current != null && current.owner().equals(owner) && now.isBefore(current.refreshAt())) {
            return current.value();
        }
        synchronized (this) {
            current = token;
            if (!renew && current != null && current.owner().equals(owner) && now.isBefore(current.refreshAt())) {
                return current.value();
            }
            String basic = Base64.getEncoder()
                    .encodeToString((config.clientId() + ":" + config.clientSecret()).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/v1/oauth2/token"))
                    .timeout(timeout)
                    .header("Authorization", "Basic " + basic)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build();
            Answer answer = exchange(request, "POST /v1/oauth2/token");
            if (!answer.ok() || !(answer.body().get("access_token") instanceof String value) || value.isBlank()) {
                throw new PaymentException("PayPal refused the client ID and secret: " + answer.describe()
                        + (answer.body().get("error") instanceof String error ? " " + error : ""));
            }
            long expiresIn = answer.body().get("expires_in") instanceof Number n ? n.longValue() : 0;
            Instant refreshAt = now.plusSeconds(expiresIn).minus(EARLY);
            token = new Token(owner, value, refreshAt);
            return value;
        }
    }

    private Answer exchange(HttpRequest request, String what) throws PaymentException {
        HttpResponse<String> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PaymentException(
                    "PayPal " + what + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException("PayPal " + what + " was interrupted", e);
        }
        String text = response.body() == null ? "" : response.body();
        if (text.isBlank()) {
            return new Answer(response.statusCode(), Map.of());
        }
        try {
            return new Answer(response.statusCode(), json.parseObject(text.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new PaymentException(
                    "PayPal " + what + " answered HTTP " + response.statusCode() + " with something that is not JSON");
        }
    }

    String write(Object value) {
        return json.write(value);
    }
}
