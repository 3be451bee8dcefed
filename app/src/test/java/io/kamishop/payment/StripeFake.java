package io.kamishop.payment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's API as the store uses it (Checkout Sessions, Refunds) with its idempotency-key rule, and
 * webhook events signed by the documented scheme: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 */
final class StripeFake extends GatewayFake {

    static final String WEBHOOK_SECRET = "whsec_e2e_secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(String method, String path, Map<String, String> form, String idempotencyKey) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> idempotent = new ConcurrentHashMap<>();
    final AtomicInteger sessionsCreated = new AtomicInteger();
    final AtomicInteger refundsCreated = new AtomicInteger();
    /** Refunds Stripe makes but whose answer is then lost (a 500 after the fact, as a timed-out call would see it). */
    final AtomicInteger refundAnswersToLose = new AtomicInteger();

    @Override
    synchronized void handle(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Map<String, String> form = form(body);
        calls.add(new Call(method, path, form, key));
        if (key != null && idempotent.containsKey(method + path + key)) {
            send(exchange, 200, idempotent.get(method + path + key));
            return;
        }
        String answer = null;
        if (method.equals("POST") && path.equals("/v1/checkout/sessions")) {
            String id = "cs_test_e2e_" + sessionsCreated.incrementAndGet();
            Map<String, Object> session = new LinkedHashMap<>();
            session.put("id", id);
            session.put("object", "checkout.session");
            session.put("url", "https://checkout.stripe.com/c/pay/" + id);
            session.put("status", "open");
            session.put("payment_status", "unpaid");
            session.put("amount_total", Long.parseLong(form.get("line_items[0][price_data][unit_amount]")));
            session.put("currency", form.get("line_items[0][price_data][currency]"));
            session.put("client_reference_id", form.get("client_reference_id"));
            session.put("metadata", Map.of("orderNo", form.get("metadata[orderNo]")));
            session.put("expires_at", Long.parseLong(form.get("expires_at")));
            sessions.put(id, session);
            answer = JSON.writeValueAsString(session);
        } else if (method.equals("GET") && path.startsWith("/v1/checkout/sessions/")) {
            Map<String, Object> session = sessions.get(path.substring("/v1/checkout/sessions/".length()));
            answer = session == null ? null : JSON.writeValueAsString(session);
        } else if (method.equals("POST") && path.equals("/v1/refunds")) {
            answer = "{\"id\":\"re_" + refundsCreated.incrementAndGet()
                    + "\",\"object\":\"refund\",\"status\":\"succeeded\"," + "\"amount\":" + form.get("amount")
                    + ",\"payment_intent\":\"" + form.get("payment_intent") + "\"}";
        } else if (method.equals("POST") && path.endsWith("/expire")) {
            Map<String, Object> session = sessions.get(path.split("/")[4]);
            if (session != null && "open".equals(session.get("status"))) {
                session.put("status", "expired");
                answer = JSON.writeValueAsString(session);
            }
        }
        if (answer == null) {
            send(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\"}}");
            return;
        }
        if (key != null) {
            idempotent.put(method + path + key, answer);
        }
        if (path.equals("/v1/refunds") && refundAnswersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"answer lost\"}}");
            return;
        }
        send(exchange, 200, answer);
    }

    List<Call> calls(String method, String prefix) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.path().startsWith(prefix))
                .toList();
    }

    /** The buyer pays the session at Stripe (what a retrieve then reports). */
    void pay(String sessionId) {
        sessions.get(sessionId).put("status", "complete");
        sessions.get(sessionId).put("payment_status", "paid");
        sessions.get(sessionId).put("payment_intent", "pi_" + sessionId);
    }

    static String event(
            String eventId,
            String type,
            String orderNo,
            String sessionId,
            long amount,
            String currency,
            String paymentStatus) {
        return """
                {"id":"%s","object":"event","api_version":"2020-08-27","created":1764064800,"type":"%s","livemode":false,
                 "data":{"object":{"id":"%s","object":"checkout.session","amount_total":%d,"currency":"%s",
                 "client_reference_id":"%s","metadata":{"orderNo":"%s"},"payment_status":"%s","status":"complete"}}}""".formatted(eventId, type, sessionId, amount, currency, orderNo, orderNo, paymentStatus);
    }

    static String signature(String payload, Instant at, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            long t = at.getEpochSecond();
            return "t=" + t + ",v1="
                    + HexFormat.of().formatHex(mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> pluginConfig() {
        return Map.of("secretKey", "sk_test_e2e", "webhookSecret", WEBHOOK_SECRET, "apiBase", base());
    }
}
