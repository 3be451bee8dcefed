package io.kamishop.plugins.paypal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PayPal's REST API on a local port, as documented for what the store uses: OAuth2 client
 * credentials, Orders v2 (create, get, capture), capture refunds, {@code PayPal-Request-Id}
 * idempotency, and webhooks whose transmission signature covers
 * {@code transmission_id|transmission_time|webhook_id|crc32(body)}, checked by
 * {@code verify-webhook-signature} ({@code SUCCESS} / {@code FAILURE}) as PayPal checks them. PayPal
 * signs with its certificate's RSA key; the fake signs with a key of its own, which nobody outside
 * it needs to know, since only this fake checks it.
 *
 * <p>Public, in the plugin's test jar, so the store's end-to-end tests drive the same fake.
 */
public final class FakePayPal extends FakeGatewayServer<FakePayPal.Behaviour> {

    /** How the fake answers: as documented, with HTTP 500, or not at all until closed. */
    public enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG
    }

    public static final String CLIENT_ID = "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS";
    public static final String CLIENT_SECRET = "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL";
    public static final String WEBHOOK_ID = "4JH86294D6297924G";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SIGNING_KEY =
            "the fake's own transmission signing key".getBytes(StandardCharsets.UTF_8);
    private static final Set<String> WHOLE_UNITS = Set.of("HUF", "JPY", "TWD");

    /** A request the fake received. */
    public record Call(String method, String path, String body, String requestId) {}

    /** A webhook as PayPal posts it: the exact body and its transmission headers. */
    public record Webhook(String body, Map<String, String> headers) {}

    public volatile Clock clock;
    /** The next capture is declined (INSTRUMENT_DECLINED), as a card can be after approval. */
    public volatile boolean declineNextCapture;

    public final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicInteger tokensIssued = new AtomicInteger();
    public final AtomicInteger capturesMade = new AtomicInteger();
    public final AtomicInteger refundsMade = new AtomicInteger();
    private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> idempotent = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> captures = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public FakePayPal(Clock clock) {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
        this.clock = clock;
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(
                exchange,
                500,
                "{\"name\":\"INTERNAL_SERVER_ERROR\",\"message\":\"An internal server error occurred.\","
                        + "\"debug_id\":\"90957fca61718\"}");
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        handle(exchange, new String(body, StandardCharsets.UTF_8));
    }

    public String base() {
        return origin();
    }

    public Map<String, String> pluginConfig() {
        return Map.of("clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET, "webhookId", WEBHOOK_ID, "apiBase", base());
    }

    public List<Call> calls(String method, String prefix) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.path().startsWith(prefix))
                .toList();
    }

    /** Access tokens stop working, as when the app's secret is rotated: the next call gets a 401. */
    public void revokeTokens() {
        liveTokens.clear();
    }

    private void handle(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String requestId = exchange.getRequestHeaders().getFirst("PayPal-Request-Id");
        calls.add(new Call(method, path, body, requestId));
        if (method.equals("POST") && path.equals("/v1/oauth2/token")) {
            token(exchange, body);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || !liveTokens.contains(authorization.substring(7))) {
            send(
                    exchange,
                    401,
                    "{\"name\":\"AUTHENTICATION_FAILURE\",\"message\":\"Authentication failed due to invalid "
                            + "authentication credentials or a missing Authorization header.\"}");
            return;
        }
        synchronized (this) {
            String key = method + " " + path + " " + requestId;
            if (requestId != null && idempotent.containsKey(key)) {
                send(exchange, 200, idempotent.get(key));
                return;
            }
            Answer answer = route(method, path, body);
            if (requestId != null && answer.status() / 100 == 2) {
                idempotent.put(key, answer.body());
            }
            send(exchange, answer.status(), answer.body());
        }
    }

    private record Answer(int status, String body) {}

    private Answer route(String method, String path, String body) throws IOException {
        if (method.equals("POST") && path.equals("/v2/checkout/orders")) {
            return createOrder(parse(body));
        }
        if (method.equals("POST") && path.matches("/v2/checkout/orders/[A-Z0-9]+/capture")) {
            return capture(path.split("/")[4]);
        }
        if (method.equals("GET") && path.matches("/v2/checkout/orders/[A-Z0-9]+")) {
            Map<String, Object> order = orders.get(path.split("/")[4]);
            return order == null ? notFound() : new Answer(200, JSON.writeValueAsString(order));
        }
        if (method.equals("POST") && path.matches("/v2/payments/captures/[A-Z0-9]+/refund")) {
            return refund(path.split("/")[4], parse(body));
        }
        if (method.equals("POST") && path.equals("/v1/notifications/verify-webhook-signature")) {
            return verify(body);
        }
        return notFound();
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !body.equals("grant_type=client_credentials")) {
            send(
                    exchange,
                    401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client Authentication failed\"}");
            return;
        }
        String token = "A21AAFake" + UUID.randomUUID().toString().replace("-", "");
        liveTokens.add(token);
        tokensIssued.incrementAndGet();
        send(
                exchange,
                200,
                "{\"scope\":\"https://uri.paypal.com/services/payments/payment\",\"access_token\":\"" + token
                        + "\",\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\",\"expires_in\":32400,\"nonce\":\"2026-03-01T04:00:00Zfake\"}");
    }

    private Answer createOrder(Map<String, Object> request) throws IOException {
        List<?> units = request.get("purchase_units") instanceof List<?> l ? l : List.of();
        if (!"CAPTURE".equals(request.get("intent"))
                || units.size() != 1
                || !(units.get(0) instanceof Map<?, ?> unit)
                || !(unit.get("amount") instanceof Map<?, ?> amount)) {
            return unprocessable("INVALID_PARAMETER_VALUE");
        }
        String currency = String.valueOf(amount.get("currency_code"));
        String value = String.valueOf(amount.get("value"));
        if (!value.matches(WHOLE_UNITS.contains(currency) ? "[0-9]+" : "[0-9]+(\\.[0-9]{1,2})?")) {
            return unprocessable("DECIMAL_PRECISION");
        }
        String id = String.format(
                Locale.ROOT, "5O19%08d%05dT", sequence.incrementAndGet(), Math.abs(value.hashCode()) % 100000);
        Map<String, Object> storedUnit = new LinkedHashMap<>();
        storedUnit.put("reference_id", unit.get("reference_id"));
        storedUnit.put("custom_id", unit.get("custom_id"));
        storedUnit.put("description", unit.get("description"));
        storedUnit.put("amount", Map.of("currency_code", currency, "value", value));
        storedUnit.put("payee", Map.of("email_address", "merchant@example.com", "merchant_id", "C7CYMKZDG8D6E"));
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", id);
        order.put("intent", "CAPTURE");
        order.put("status", "PAYER_ACTION_REQUIRED");
        order.put("payment_source", request.get("payment_source"));
        order.put("purchase_units", new ArrayList<>(List.of(storedUnit)));
        order.put("create_time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        order.put(
                "links",
                List.of(
                        Map.of("href", base() + "/v2/checkout/orders/" + id, "rel", "self", "method", "GET"),
                        Map.of(
                                "href",
                                "https://www.sandbox.paypal.com/checkoutnow?token=" + id,
                                "rel",
                                "payer-action",
                                "method",
                                "GET")));
        orders.put(id, order);
        return new Answer(200, JSON.writeValueAsString(order));
    }

    /** The buyer approves the order at PayPal. */
    public void approve(String orderId) {
        Map<String, Object> order = orders.get(orderId);
        order.put("status", "APPROVED");
        order.put("payer", Map.of("payer_id", "QYR5Z8XDVJNXQ", "email_address", "buyer@example.com"));
    }

    private Answer capture(String orderId) throws IOException {
        Map<String, Object> order = orders.get(orderId);
        if (order == null) {
            return notFound();
        }
        if ("COMPLETED".equals(order.get("status"))) {
            return unprocessable("ORDER_ALREADY_CAPTURED");
        }
        if (!"APPROVED".equals(order.get("status"))) {
            return unprocessable("ORDER_NOT_APPROVED");
        }
        if (declineNextCapture) {
            declineNextCapture = false;
            return unprocessable("INSTRUMENT_DECLINED");
        }
        Map<String, Object> unit = unit(order);
        Map<String, Object> capture = new LinkedHashMap<>();
        capture.put(
                "id",
                String.format(Locale.ROOT, "3C6%08d%06dK", capturesMade.incrementAndGet(), sequence.incrementAndGet()));
        capture.put("status", "COMPLETED");
        capture.put("amount", unit.get("amount"));
        capture.put("final_capture", true);
        capture.put("seller_protection", Map.of("status", "ELIGIBLE"));
        capture.put("custom_id", unit.get("custom_id"));
        capture.put("supplementary_data", Map.of("related_ids", Map.of("order_id", orderId)));
        capture.put("create_time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        capture.put(
                "links",
                List.of(
                        Map.of(
                                "href",
                                base() + "/v2/payments/captures/" + capture.get("id"),
                                "rel",
                                "self",
                                "method",
                                "GET"),
                        Map.of("href", base() + "/v2/checkout/orders/" + orderId, "rel", "up", "method", "GET")));
        captures.put((String) capture.get("id"), capture);
        unit.put("payments", Map.of("captures", List.of(capture)));
        order.put("status", "COMPLETED");
        return new Answer(201, JSON.writeValueAsString(order));
    }

    /** The capture of a captured order, as a {@code PAYMENT.CAPTURE.COMPLETED} event carries it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> captureOf(String orderId) {
        Map<?, ?> payments = (Map<?, ?>) unit(orders.get(orderId)).get("payments");
        return new LinkedHashMap<>((Map<String, Object>) ((List<?>) payments.get("captures")).get(0));
    }

    private Answer refund(String captureId, Map<String, Object> request) throws IOException {
        Map<String, Object> capture = captures.get(captureId);
        if (capture == null) {
            return notFound();
        }
        Map<?, ?> captured = (Map<?, ?>) capture.get("amount");
        Map<?, ?> amount = request.get("amount") instanceof Map<?, ?> a ? a : captured;
        if (!captured.get("currency_code").equals(amount.get("currency_code"))
                || new java.math.BigDecimal(String.valueOf(amount.get("value")))
                                .compareTo(new java.math.BigDecimal((String) captured.get("value")))
                        > 0) {
            return unprocessable("REFUND_AMOUNT_EXCEEDED");
        }
        refundsMade.incrementAndGet();
        capture.put("status", "REFUNDED");
        return new Answer(
                201,
                JSON.writeValueAsString(Map.of(
                        "id",
                        "1JU08902781691411" + refundsMade.get(),
                        "status",
                        "COMPLETED",
                        "amount",
                        amount,
                        "links",
                        List.of())));
    }

    private Answer verify(String body) throws IOException {
        Map<String, Object> request = parse(body);
        Object event = request.get("webhook_event");
        for (String field : List.of(
                "auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id")) {
            if (!(request.get(field) instanceof String)) {
                return new Answer(
                        400,
                        "{\"name\":\"VALIDATION_ERROR\",\"details\":[{\"field\":\"" + field
                                + "\",\"issue\":\"MISSING_REQUIRED_PARAMETER\"}]}");
            }
        }
        if (!(event instanceof Map)) {
            return new Answer(
                    400,
                    "{\"name\":\"VALIDATION_ERROR\",\"details\":[{\"field\":\"webhook_event\",\"issue\":\"INVALID\"}]}");
        }
        // The event as it came in the request, compact, in its own key order: what PayPal computes the CRC32 of.
        String eventText = JSON.writeValueAsString(event);
        String expected = transmissionSignature(
                (String) request.get("transmission_id"),
                (String) request.get("transmission_time"),
                (String) request.get("webhook_id"),
                eventText);
        boolean valid =
                expected.equals(request.get("transmission_sig")) && "SHA256withRSA".equals(request.get("auth_algo"));
        return new Answer(200, "{\"verification_status\":\"" + (valid ? "SUCCESS" : "FAILURE") + "\"}");
    }

    /** A webhook event about {@code resource}, sent to {@code webhookId} and signed as PayPal signs it. */
    public Webhook webhook(String eventType, Map<String, Object> resource, String webhookId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "WH-" + sequence.incrementAndGet() + "-8R6787632X2213041");
        event.put("event_version", "1.0");
        event.put("create_time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        event.put("resource_type", eventType.startsWith("CHECKOUT") ? "checkout-order" : "capture");
        event.put("resource_version", "2.0");
        event.put("event_type", eventType);
        event.put("summary", "Event " + eventType);
        event.put("resource", resource);
        try {
            String body = JSON.writeValueAsString(event);
            String transmissionId = UUID.randomUUID().toString();
            String time = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("PAYPAL-TRANSMISSION-ID", transmissionId);
            headers.put("PAYPAL-TRANSMISSION-TIME", time);
            headers.put("PAYPAL-TRANSMISSION-SIG", transmissionSignature(transmissionId, time, webhookId, body));
            headers.put(
                    "PAYPAL-CERT-URL",
                    "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270");
            headers.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
            headers.put("Content-Type", "application/json");
            return new Webhook(body, headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #webhook} for this store's webhook. */
    public Webhook webhook(String eventType, Map<String, Object> resource) {
        return webhook(eventType, resource, WEBHOOK_ID);
    }

    /** The order as {@code CHECKOUT.ORDER.APPROVED} carries it. */
    public Map<String, Object> order(String orderId) {
        return new LinkedHashMap<>(orders.get(orderId));
    }

    private static String transmissionSignature(String transmissionId, String time, String webhookId, String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String signed = transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unit(Map<String, Object> order) {
        return (Map<String, Object>) ((List<?>) order.get("purchase_units")).get(0);
    }

    private static Answer unprocessable(String issue) {
        return new Answer(
                422,
                "{\"name\":\"UNPROCESSABLE_ENTITY\",\"details\":[{\"issue\":\"" + issue + "\",\"description\":\""
                        + issue
                        + "\"}],\"message\":\"The requested action could not be performed.\",\"debug_id\":\"b5bd9a0b2bb82\"}");
    }

    private static Answer notFound() {
        return new Answer(
                404,
                "{\"name\":\"RESOURCE_NOT_FOUND\",\"details\":[{\"issue\":\"INVALID_RESOURCE_ID\"}],"
                        + "\"message\":\"The specified resource does not exist.\",\"debug_id\":\"f1a2b3c4d5e6f\"}");
    }

    private static Map<String, Object> parse(String body) {
        try {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Paypal-Debug-Id", "f1a2b3c4d5e6f");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
