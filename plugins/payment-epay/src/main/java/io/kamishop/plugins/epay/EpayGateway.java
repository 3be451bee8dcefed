package io.kamishop.plugins.epay;

import io.kamishop.api.JsonCodec;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Talks to an EPay aggregator through the host's guarded HTTP client, in either protocol version:
 * signs what the store sends, and (V2) checks the platform's signature of what comes back before
 * anything is acted on. V1 answers carry no signature: the protocol has none, so V1 trusts the
 * transport to {@code gatewayUrl} (the guide asks for an https address).
 */
final class EpayGateway {

    /** V2 answers and notifications older or newer than this are refused (the aggregator's own SDK allows 300 s). */
    static final Duration V2_WINDOW = Duration.ofSeconds(300);

    private final Supplier<OutboundHttp> http;
    private final JsonCodec json;
    private final Clock clock;
    private final Duration timeout;

    EpayGateway(Supplier<OutboundHttp> http, JsonCodec json, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The parameters of a request, signed for the configured version ({@code sign} and {@code sign_type} last). */
    Map<String, String> signed(EpayConfig config, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("pid", config.pid());
        all.putAll(params);
        if (config.version() == 1) {
            all.put("sign", EpaySignature.md5(all, config.md5Key()));
            all.put("sign_type", "MD5");
        } else {
            all.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
            all.put("sign", EpaySignature.rsa(all, config.merchantKey()));
            all.put("sign_type", "RSA");
        }
        return all;
    }

    /** The page the buyer's browser opens: {@code submit.php} (V1) or {@code api/pay/submit} (V2) with signed parameters. */
    String submitLink(EpayConfig config, Map<String, String> params) {
        String page = config.version() == 1 ? "submit.php" : "api/pay/submit";
        return config.gateway() + page + "?" + formEncode(signed(config, params));
    }

    /**
     * Posts signed parameters to {@code path} and reads the JSON answer. A V2 answer that reports
     * success ({@code code} 0) must carry a valid, fresh platform signature, else it is an error.
     *
     * @return the answer's fields as text (numbers as their decimal form)
     */
    Map<String, String> call(EpayConfig config, String path, Map<String, String> params) throws PaymentException {
        Map<String, String> answer = post(config.gateway().resolve(path), signed(config, params), path);
        if (config.version() == 2 && "0".equals(answer.get("code"))) {
            if (!EpaySignature.rsaHolds(answer, config.platformKey(), answer.get("sign"))) {
                throw new PaymentException("EPay " + path + " answer does not carry the platform's signature");
            }
            if (!fresh(answer.get("timestamp"))) {
                throw new PaymentException("EPay " + path + " answer's timestamp is not current");
            }
        }
        return answer;
    }

    /**
     * V1 order query: {@code GET api.php?act=order&pid=&key=&out_trade_no=}, as the aggregators document
     * it. The protocol authenticates it by the merchant key in the URL and signs nothing, so the key
     * travels only to the configured gateway and no message here ever carries the URL.
     */
    Map<String, String> v1Order(EpayConfig config, String orderNo) throws PaymentException {
        return v1Get(config, "order", Map.of("out_trade_no", orderNo));
    }

    /**
     * V1 merchant query: {@code GET api.php?act=query&pid=&key=}, the merchant's own account (active,
     * balance, order counts). Its answer echoes the key: callers read fields, never pass the answer on.
     */
    Map<String, String> v1Merchant(EpayConfig config) throws PaymentException {
        return v1Get(config, "query", Map.of());
    }

    private Map<String, String> v1Get(EpayConfig config, String act, Map<String, String> params)
            throws PaymentException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("act", act);
        query.put("pid", config.pid());
        query.put("key", config.md5Key());
        query.putAll(params);
        HttpRequest request = HttpRequest.newBuilder(config.gateway().resolve("api.php?" + formEncode(query)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return send(request, "api.php?act=" + act);
    }

    /** V1 refund: {@code POST api.php?act=refund} with {@code pid}, {@code key}, {@code out_trade_no}, {@code money}. */
    Map<String, String> v1Refund(EpayConfig config, Map<String, String> params) throws PaymentException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("pid", config.pid());
        form.put("key", config.md5Key());
        form.putAll(params);
        return post(config.gateway().resolve("api.php?act=refund"), form, "api.php?act=refund");
    }

    /** Whether a V2 timestamp (Unix seconds) is within {@link #V2_WINDOW} of the store's clock. */
    boolean fresh(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
            return Math.abs(clock.instant().getEpochSecond() - seconds) <= V2_WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Map<String, String> post(URI uri, Map<String, String> form, String what) throws PaymentException {
        return send(
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(formEncode(form), StandardCharsets.UTF_8))
                        .build(),
                what);
    }

    private Map<String, String> send(HttpRequest request, String what) throws PaymentException {
        HttpResponse<String> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The message names the exception only: a URL with the V1 key must never reach a log line.
            throw new PaymentException(
                    "EPay " + what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException("EPay " + what + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new PaymentException("EPay " + what + " answered HTTP " + response.statusCode());
        }
        String body = response.body() == null ? "" : response.body().strip();
        // Some aggregators put a byte-order mark or PHP notices before the JSON.
        int start = body.indexOf('{');
        Map<String, Object> parsed;
        try {
            parsed = json.parseObject((start < 0 ? body : body.substring(start)).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new PaymentException("EPay " + what + " answered something that is not JSON");
        }
        Map<String, String> answer = new LinkedHashMap<>();
        parsed.forEach((key, value) -> {
            if (value != null && !(value instanceof Map) && !(value instanceof Iterable)) {
                answer.put(key, value instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(value));
            }
        });
        return answer;
    }

    static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
