package io.kamishop.plugins.wechat;

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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls WeChat Pay API v3 through the host's guarded HTTP client: each request signed with the
 * merchant key, each successful answer checked against the platform key before we act on it (an
 * answer that says "paid" must be WeChat Pay's, not a proxy's).
 */
final class WechatApi {

    /** What an API call answered: its status, and its JSON body (empty for 204). */
    record Answer(int status, Map<String, Object> body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** WeChat Pay's error code ({@code ORDER_NOT_EXIST}, {@code SIGN_ERROR}, ...) or {@code ""}. */
        String code() {
            return body.get("code") instanceof String code ? code : "";
        }

        String describe() {
            Object message = body.get("message");
            return "HTTP " + status + (code().isEmpty() ? "" : " " + code())
                    + (message instanceof String m ? " " + m : "");
        }
    }

    /** API v3 refuses a request without a User-Agent. */
    private static final String USER_AGENT = "Kamishop payment-wechat";

    private final Supplier<OutboundHttp> http;
    private final JsonCodec json;
    private final Clock clock;
    private final Duration timeout;

    WechatApi(Supplier<OutboundHttp> http, JsonCodec json, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    Answer post(WechatConfig config, String path, Map<String, Object> body) throws PaymentException {
        return call(config, "POST", path, json.write(body));
    }

    Answer get(WechatConfig config, String pathAndQuery) throws PaymentException {
        return call(config, "GET", pathAndQuery, "");
    }

    /**
     * Sends a signed request. A 2xx answer whose signature does not verify is an error, never an
     * answer; a 4xx/5xx comes back as it is, to be read for its code but never acted on as success.
     *
     * @param path the API path with its query ({@code /v3/...}); {@code apiBase} may add a prefix
     *             (a relay), but the signature covers the path WeChat Pay sees
     */
    private Answer call(WechatConfig config, String method, String path, String body) throws PaymentException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.apiBase() + path))
                .timeout(timeout)
                .header("Authorization", WechatSignature.authorization(config, method, path, body, clock.instant()))
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.GET();
        }
        String what = method + " " + path.replaceAll("\\?.*", "");
        HttpResponse<String> response;
        try {
            response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PaymentException(
                    "WeChat Pay " + what + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException("WeChat Pay " + what + " was interrupted", e);
        }
        String text = response.body() == null ? "" : response.body();
        int status = response.statusCode();
        if (status / 100 == 2) {
            Optional<WechatSignature.Signed> signed = WechatSignature.Signed.of(
                    response.headers().firstValue("Wechatpay-Timestamp"),
                            response.headers().firstValue("Wechatpay-Nonce"),
                    response.headers().firstValue("Wechatpay-Signature"),
                            response.headers().firstValue("Wechatpay-Serial"));
            if (signed.isEmpty()) {
                throw new PaymentException("WeChat Pay " + what + " answered without a signature");
            }
            Optional<String> problem = WechatSignature.problem(config, signed.get(), text, clock.instant());
            if (problem.isPresent()) {
                throw new PaymentException("WeChat Pay " + what + " answer is not WeChat Pay's: " + problem.get());
            }
        }
        Map<String, Object> parsed;
        if (text.isBlank()) {
            parsed = Map.of();
        } else {
            try {
                parsed = json.parseObject(text.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new PaymentException(
                        "WeChat Pay " + what + " answered HTTP " + status + " with something that is not JSON");
            }
        }
        return new Answer(status, parsed);
    }
}
