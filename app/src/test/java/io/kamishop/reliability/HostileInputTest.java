package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throws malformed, oversized, mistyped and tricky input at every public and admin endpoint and
 * checks that nothing answers 5xx and nothing changes.
 */
class HostileInputTest {

    private static final long SEED = Long.getLong("kamishop.fuzz.seed", 20261125L);
    private static final int ROUNDS = Integer.getInteger("kamishop.fuzz.rounds", 2);

    private TestStore store;
    private long product;
    private String orderNo;

    @BeforeEach
    void start() {
        store = TestStore.start();
        product = store.createProduct("Target", 100, "CNY");
        store.importKeys(product, List.of("F-1", "F-2", "F-3"));
        orderNo = store.order(product, 1).json().get("orderNo").asText();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static final List<String> ENDPOINTS = List.of(
            "POST /api/orders", "GET /api/orders/{order}", "POST /api/orders/{order}/payment", "GET /api/products",
            "GET /api/channels", "POST /api/payments/sandbox/notify", "POST /api/payments/{text}/notify",
            "GET /pay/sandbox/cashier", "POST /pay/sandbox/pay", "GET /orders/{order}", "GET /healthz",
            "POST /api/admin/products", "GET /api/admin/products/{text}", "PUT /api/admin/products/{product}",
            "POST /api/admin/products/{product}/keys", "GET /api/admin/orders/{order}", "GET /api/admin/orders",
            "PUT /api/admin/settings", "PUT /api/admin/plugins/payment-sandbox/config", "POST /api/admin/plugins/{text}/enable",
            "GET /api/admin/plugins/{text}/config");

    @Test
    void noHostileRequestGetsAServerErrorOrChangesState() {
        String before = snapshot();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String endpoint : ENDPOINTS) {
                for (String body : bodies(random)) {
                    String[] parts = endpoint.split(" ");
                    String path = parts[1].replace("{order}", round % 2 == 0 ? orderNo : pathJunk(random))
                            .replace("{product}", round % 2 == 0 ? Long.toString(product) : pathJunk(random))
                            .replace("{text}", pathJunk(random));
                    for (String contentType : List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
                            "multipart/form-data; boundary=x")) {
                        if (endpoint.endsWith("/keys") && contentType.equals("text/plain")) {
                            continue; // any text is a valid key list: that is an import, not hostile input
                        }
                        Http.Answer answer = send(parts[0], path + query(random), body, contentType, random.nextBoolean());
                        sent++;
                        if (answer.status() >= 500 || answer.status() < 200) {
                            failures.add(parts[0] + " " + path + " [" + contentType + "] " + abbreviate(body) + " -> " + answer.status()
                                    + " " + abbreviate(answer.body()));
                        }
                    }
                }
            }
        }
        assertThat(failures).as("server errors among %d hostile requests", sent).isEmpty();
        assertThat(snapshot()).as("state after hostile input").isEqualTo(before);
    }

    private Http.Answer send(String method, String path, String body, String contentType, boolean admin) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(store.http().uri(path));
        } catch (IllegalArgumentException e) {
            builder = HttpRequest.newBuilder(store.http().uri("/api/orders/%25%00"));
        }
        builder.header("Content-Type", contentType);
        builder.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return store.http().send(builder, admin);
    }

    /** Everything observable that bad input must not change. */
    private String snapshot() {
        return store.app().database().read(h -> String.join("|",
                h.createQuery("SELECT COUNT(*) FROM orders").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) FROM order_events").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) FROM payment_notifications").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) || ':' || SUM(price) || ':' || MAX(name) FROM products").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) FROM card_keys WHERE status = 'available'").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) FROM store_settings").mapTo(String.class).one(),
                h.createQuery("SELECT COUNT(*) FROM plugin_settings").mapTo(String.class).one()));
    }

    private static List<String> bodies(Random random) {
        return List.of(
                "",
                "{",
                "null",
                "[]",
                "\"just a string\"",
                "{\"productId\": \"1\", \"quantity\": \"two\", \"email\": 5, \"channel\": null}",
                "{\"productId\": 1e309, \"quantity\": -1, \"name\": {\"$ne\": 1}, \"price\": [1], \"currency\": true}",
                "{\"productId\": 9223372036854775808, \"quantity\": 2147483648, \"email\": \"a@b.co\", \"channel\": \"sandbox\"}",
                "{\"orderNo\": \"../../etc/passwd\", \"amount\": \"100\", \"tradeNo\": \"" + "x".repeat(5000) + "\"}",
                "{\"storeName\": \"\", \"orderHoldMinutes\": \"forever\", \"theme\": \"../../etc\"}",
                "{\"secret\": {\"nested\": true}}",
                "{\"name\": \"\\u0000\\uD800\", \"price\": 1, \"currency\": \"ZZZ\"}",
                "{" + "\"a\":{".repeat(2000) + "}".repeat(2001),
                randomBytesAsText(random, 300),
                "productId=1&quantity=1&email=a%40b.co&channel=sandbox");
    }

    private static String pathJunk(Random random) {
        List<String> junk = List.of("..%2F..%2Fetc%2Fpasswd", "%00", "-1", "0", "99999999999999999999999", "%E2%80%AE", "null",
                "1%20OR%201=1", "%25%25", "a".repeat(400), "%F0%9F%94%91");
        return junk.get(random.nextInt(junk.size()));
    }

    private static String query(Random random) {
        List<String> queries = List.of("", "?token=", "?token=%00", "?limit=-5", "?limit=abc&status=nope", "?before=x",
                "?orderNo=%3Cscript%3E&amount=1e9&currency=%00&t=x", "?purge=maybe");
        return queries.get(random.nextInt(queries.size()));
    }

    private static String randomBytesAsText(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
