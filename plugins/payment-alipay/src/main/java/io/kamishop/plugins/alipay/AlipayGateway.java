package io.kamishop.plugins.alipay;

import io.kamishop.api.JsonCodec;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Talks to Alipay's OpenAPI gateway: builds and signs requests, and for server-to-server calls
 * posts them and checks the signature of the answer.
 */
final class AlipayGateway {

    /** Alipay reads every timestamp as Beijing time. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);

    /** The host's guarded client: a gateway URL setting cannot reach an address inside the merchant's network. */
    private final Supplier<OutboundHttp> http;

    private final JsonCodec json;
    private final Clock clock;
    private final Duration timeout;

    AlipayGateway(Supplier<OutboundHttp> http, JsonCodec json, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The signed parameters of a call: common parameters, {@code biz_content}, and {@code sign} last. */
    Map<String, String> signedParams(
            AlipayConfig config, String method, Map<String, Object> bizContent, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("app_id", config.appId());
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", "RSA2");
        params.put("timestamp", TIME.format(clock.instant()));
        params.put("version", "1.0");
        params.putAll(extra);
        params.put("biz_content", json.write(bizContent));
        params.put(
                "sign",
                AlipaySignature.sign(
                        AlipaySignature.canonical(params, AlipaySignature.REQUEST_EXCLUDED), config.merchantKey()));
        return params;
    }

    /** The gateway URL with every parameter in its query string: what page and wap modes send the buyer to. */
    static String redirectUrl(AlipayConfig config, Map<String, String> params) {
        String gateway = config.gateway().toString();
        return gateway + (gateway.contains("?") ? "&" : "?") + formEncode(params);
    }

    /**
     * Calls a server-to-server method and returns its {@code <method>_response} object. An answer
     * that carries a signature must verify; a success ({@code code} 10000) must carry one.
     *
     * @throws PaymentException on time-outs, non-200 answers, unreadable or unverifiable answers
     */
    Map<String, Object> call(AlipayConfig config, String method, Map<String, Object> bizContent)
            throws PaymentException {
        return callWithParams(config, method, bizContent, Map.of());
    }

    /** {@link #call} with extra common parameters such as {@code notify_url}. */
    Map<String, Object> callWithParams(
            AlipayConfig config, String method, Map<String, Object> bizContent, Map<String, String> extra)
            throws PaymentException {
        Map<String, String> params = signedParams(config, method, bizContent, extra);
        HttpRequest request = HttpRequest.newBuilder(config.gateway())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(params), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PaymentException(method + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException(method + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new PaymentException(method + " answered HTTP " + response.statusCode());
        }
        return readResponse(config, method, response.body());
    }

    Map<String, Object> readResponse(AlipayConfig config, String method, String body) throws PaymentException {
        Map<String, Object> root;
        try {
            root = json.parseObject(body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new PaymentException(method + " answered something that is not JSON");
        }
        String node = method.replace('.', '_') + "_response";
        if (!(root.get(node) instanceof Map)) {
            node = "error_response";
        }
        if (!(root.get(node) instanceof Map<?, ?> answer)) {
            throw new PaymentException(method + " answered without a response object");
        }
        String signature = root.get("sign") instanceof String s ? s : null;
        // 10000 (success) and 40004 (business refusal, e.g. ACQ.TRADE_NOT_EXIST) are answers we act on,
        // so they must be Alipay's. Only system errors (bad parameters, gateway trouble) may come unsigned,
        // and those we never act on.
        boolean actedOn = "10000".equals(answer.get("code")) || "40004".equals(answer.get("code"));
        if (signature != null || actedOn) {
            // Alipay signs the response object exactly as it appears in the body, so verify those bytes.
            String signed = RawJson.objectValue(body, node);
            if (signed == null || !AlipaySignature.verify(signed, signature, config.alipayKey())) {
                throw new PaymentException(method + " answer does not carry a valid Alipay signature");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) answer;
        return typed;
    }

    /** A time as Alipay's {@code yyyy-MM-dd HH:mm:ss} in Beijing time. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Finds the text of a top-level object member in a JSON document without re-serialising it. */
    static final class RawJson {
        private RawJson() {}

        static String objectValue(String body, String member) {
            String key = "\"" + member + "\"";
            int at = body.indexOf(key);
            while (at >= 0) {
                int i = skipSpace(body, at + key.length());
                if (i < body.length() && body.charAt(i) == ':') {
                    i = skipSpace(body, i + 1);
                    if (i < body.length() && body.charAt(i) == '{') {
                        int end = endOfObject(body, i);
                        return end < 0 ? null : body.substring(i, end + 1);
                    }
                }
                at = body.indexOf(key, at + 1);
            }
            return null;
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static int endOfObject(String s, int start) {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < s.length(); i++) {
                char c = s.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }
    }
}
