package io.kamishop.plugins.stripe;

import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the parts of Stripe's API the channel uses: Checkout Sessions (create,
 * retrieve, expire) and Refunds, with Stripe's idempotency-key behaviour (a repeated key answers the
 * first result and creates nothing).
 */
final class FakeStripeApi extends FakeGatewayServer<FakeStripeApi.Behaviour> {

    enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG
    }

    record Call(String method, String path, Map<String, String> form, String idempotencyKey, String authorization) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    final Map<String, String> idempotent = new ConcurrentHashMap<>();
    final AtomicInteger sessionsCreated = new AtomicInteger();
    final AtomicInteger refundsCreated = new AtomicInteger();
    /** When set, a request whose bearer key differs is answered 401 as Stripe answers an invalid key. */
    volatile String acceptedKey;

    FakeStripeApi() {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
    }

    String base() {
        return origin();
    }

    List<Call> calls(String method, String pathPrefix) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix))
                .toList();
    }

    @Override
    protected void noteRequest(HttpExchange exchange, byte[] raw) {
        calls.add(new Call(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                form(new String(raw, StandardCharsets.UTF_8)),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("Authorization")));
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] raw) throws IOException {
        String body = new String(raw, StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        synchronized (this) {
            if (key != null && idempotent.containsKey(exchange.getRequestMethod() + path + key)) {
                send(exchange, 200, idempotent.get(exchange.getRequestMethod() + path + key));
                return;
            }
            String answer;
            int status = 200;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (acceptedKey != null && !("Bearer " + acceptedKey).equals(authorization)) {
                send(
                        exchange,
                        401,
                        "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}");
                return;
            }
            if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/balance")) {
                boolean live = authorization != null && authorization.startsWith("Bearer sk_live_");
                send(
                        exchange,
                        200,
                        "{\"object\":\"balance\",\"available\":[{\"amount\":0,\"currency\":\"usd\","
                                + "\"source_types\":{\"card\":0}}],\"livemode\":" + live
                                + ",\"pending\":[{\"amount\":0,\"currency\":\"usd\","
                                + "\"source_types\":{\"card\":0}}]}");
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/checkout/sessions")) {
                answer = createSession(form(body));
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/v1/checkout/sessions/")) {
                Map<String, Object> session = sessions.get(path.substring("/v1/checkout/sessions/".length()));
                answer = session == null ? null : FakePluginContext.MAPPER.writeValueAsString(session);
            } else if (exchange.getRequestMethod().equals("POST")
                    && path.matches("/v1/checkout/sessions/[^/]+/expire")) {
                Map<String, Object> session = sessions.get(path.split("/")[4]);
                if (session != null && "open".equals(session.get("status"))) {
                    session.put("status", "expired");
                    answer = FakePluginContext.MAPPER.writeValueAsString(session);
                } else {
                    status = 400;
                    answer = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"not open\"}}";
                }
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/refunds")) {
                int n = refundsCreated.incrementAndGet();
                Map<String, String> form = form(body);
                answer = "{\"id\":\"re_" + n + "\",\"object\":\"refund\",\"status\":\"succeeded\",\"amount\":"
                        + form.get("amount") + ",\"payment_intent\":\"" + form.get("payment_intent") + "\"}";
            } else {
                answer = null;
            }
            if (answer == null) {
                send(
                        exchange,
                        404,
                        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"no such thing\"}}");
                return;
            }
            if (key != null && status == 200) {
                idempotent.put(exchange.getRequestMethod() + path + key, answer);
            }
            send(exchange, status, answer);
        }
    }

    private String createSession(Map<String, String> form) throws IOException {
        String id = "cs_test_" + sessionsCreated.incrementAndGet();
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
        session.put("payment_intent", null);
        session.put("expires_at", Long.parseLong(form.get("expires_at")));
        sessions.put(id, session);
        return FakePluginContext.MAPPER.writeValueAsString(session);
    }

    /** What Stripe does when the buyer pays a session. */
    void pay(String sessionId) {
        Map<String, Object> session = sessions.get(sessionId);
        session.put("status", "complete");
        session.put("payment_status", "paid");
        session.put("payment_intent", "pi_" + sessionId.substring(3));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_test");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
