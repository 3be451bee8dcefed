package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.db.Handles;
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
            "POST /api/orders",
            "GET /api/orders/{order}",
            "POST /api/orders/{order}/payment",
            "GET /api/products",
            "GET /api/channels",
            "POST /api/payments/sandbox/notify",
            "POST /api/payments/{text}/notify",
            "GET /pay/sandbox/cashier",
            "POST /pay/sandbox/pay",
            "GET /orders/{order}",
            "GET /healthz",
            "POST /api/admin/products",
            "GET /api/admin/products/{text}",
            "PUT /api/admin/products/{product}",
            "POST /api/admin/products/{product}/keys",
            "GET /api/admin/orders/{order}",
            "GET /api/admin/orders",
            "PUT /api/admin/settings",
            "PUT /api/admin/plugins/payment-sandbox/config",
            "POST /api/admin/plugins/{text}/enable",
            "GET /api/admin/plugins/{text}/config",
            // The storefront's forms, posted with junk and (one time in three each) from another site's page.
            "POST /checkout",
            "POST /lookup",
            "POST /account/code",
            "POST /account/sign-in",
            "POST /orders/{order}/channel",
            "POST /orders/{order}/pay",
            "POST /products/{product}",
            "POST /admin/login");

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
                    for (String contentType : List.of(
                            "application/json",
                            "text/plain",
                            "application/x-www-form-urlencoded",
                            "multipart/form-data; boundary=x",
                            "application/json; charset=x-no-such-charset",
                            "text/plain; charset=\"\u00e9\"")) {
                        if (endpoint.endsWith("/keys") && contentType.equals("text/plain")) {
                            continue; // any text is a valid key list: that is an import, not hostile input
                        }
                        String[] from = switch (random.nextInt(3)) {
                            case 0 -> new String[] {"Sec-Fetch-Site", "cross-site"};
                            case 1 -> new String[] {"Origin", random.nextBoolean() ? "null" : "https://evil.example"};
                            default -> null;
                        };
                        boolean storefrontForm =
                                parts[0].equals("POST") && !path.startsWith("/api") && !path.startsWith("/pay/");
                        if (storefrontForm && from == null && body.startsWith("productId=")) {
                            // The one well-formed order form among the bodies: from the store's own page it is an order
                            // (Javalin reads a form body under any content type but multipart, text/plain included).
                            continue;
                        }
                        Http.Answer answer =
                                send(parts[0], path + query(random), body, contentType, random.nextBoolean(), from);
                        if (from != null && storefrontForm && (answer.status() < 400 || answer.status() >= 500)) {
                            failures.add(
                                    "cross-site " + parts[0] + " " + path + " was not refused: " + answer.status());
                        }
                        sent++;
                        if (answer.status() >= 500 || answer.status() < 200) {
                            failures.add(parts[0] + " " + path + " [" + contentType + "] " + abbreviate(body) + " -> "
                                    + answer.status() + " " + abbreviate(answer.body()));
                        }
                    }
                }
            }
        }
        assertThat(failures).as("server errors among %d hostile requests", sent).isEmpty();
        assertThat(snapshot()).as("state after hostile input").isEqualTo(before);
    }

    private Http.Answer send(String method, String path, String body, String contentType, boolean admin) {
        return send(method, path, body, contentType, admin, null);
    }

    private Http.Answer send(
            String method, String path, String body, String contentType, boolean admin, String[] from) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(store.http().uri(path));
        } catch (IllegalArgumentException e) {
            builder = HttpRequest.newBuilder(store.http().uri("/api/orders/%25%00"));
        }
        builder.header("Content-Type", contentType);
        if (from != null) {
            builder.header(from[0], from[1]);
        }
        builder.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return store.http().send(builder, admin);
    }

    @Test
    void jsonIsReadStrictly() {
        String before = snapshot();
        String order = "\"productId\": " + product + ", \"email\": \"a@b.co\", \"channel\": \"sandbox\"";
        Map<String, byte[]> bodies = Map.of(
                "trailing data", ("{" + order + "} {}").getBytes(StandardCharsets.UTF_8),
                "trailing garbage", ("{" + order + "}x").getBytes(StandardCharsets.UTF_8),
                "invalid UTF-8", ("{" + order + ", \"note\": \"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1),
                "NUL in a string",
                        ("{" + order.replace("a@b.co", "a\\u0000@b.co") + "}").getBytes(StandardCharsets.UTF_8),
                "lone surrogate", ("{" + order + ", \"note\": \"\\uD800\"}").getBytes(StandardCharsets.UTF_8),
                "a key twice", ("{" + order + ", \"productId\": " + product + "}").getBytes(StandardCharsets.UTF_8),
                "null quantity", ("{" + order + ", \"quantity\": null}").getBytes(StandardCharsets.UTF_8));
        bodies.forEach((what, body) -> {
            Http.Answer answer = store.http().postRaw("/api/orders", body, "Content-Type", "application/json");
            assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.errorCode()).as(what).isIn("malformed_json", "wrong_type");
        });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anUnknownCharsetIsUnsupportedMediaNeverAServerError() {
        String before = snapshot();
        byte[] body = ("{\"productId\": " + product + ", \"email\": \"a@b.co\", \"channel\": \"sandbox\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (String contentType : List.of(
                "application/json; charset=x-no-such-charset",
                "application/json; charset=\"ut f8\"",
                "application/json; charset=ISO-8859-1",
                "text/plain; charset=klingon")) {
            Http.Answer answer = store.http().postRaw("/api/orders", body, "Content-Type", contentType);
            assertThat(answer.status()).as(contentType).isEqualTo(415);
            assertThat(answer.errorCode()).isEqualTo("unsupported_charset");
        }
        Http.Answer keys = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/products/" + product + "/keys"))
                                .header("Content-Type", "text/plain; charset=klingon")
                                .POST(HttpRequest.BodyPublishers.ofString("K-1")),
                        true);
        assertThat(keys.status()).isEqualTo(415);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void errorsRaisedBeforeRoutingHaveTheJsonErrorShape() throws Exception {
        List<String> requests = List.of(
                "GET /api/orders/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/orders/%2e%2e/%2e%2e/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n",
                "GET /api/products?q=" + "a".repeat(20_000)
                        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        for (String request : requests) {
            String[] answer = raw(request);
            int status = Integer.parseInt(answer[0].split(" ")[1]);
            assertThat(status).as(abbreviate(request)).isBetween(400, 499);
            assertThat(answer[1]).as(abbreviate(request)).containsIgnoringCase("content-type: application/json");
            JsonNode error = new ObjectMapper().readTree(answer[2]).path("error");
            assertThat(error.path("code").asText()).as(answer[2]).isNotEmpty();
            assertThat(error.path("message").asText()).as(answer[2]).isNotEmpty();
        }
    }

    @Test
    void controlCharactersAreRefusedInNames() {
        String before = snapshot();
        for (String name : List.of("bell\u0007", "line\nbreak", "\u202Egpj.exe", "tab\there")) {
            Http.Answer product = store.http()
                    .adminPostJson("/api/admin/products", Map.of("name", name, "price", 100, "currency", "CNY"));
            assertThat(product.status()).as(name).isEqualTo(422);
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("storeName", name))
                            .status())
                    .as(name)
                    .isEqualTo(422);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Status line, headers and body of a request written byte for byte, as no HTTP client library would send it. */
    private String[] raw(String request) throws java.io.IOException {
        try (java.net.Socket socket =
                new java.net.Socket("localhost", store.app().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String body = response.substring(headersEnd + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
            }
            return new String[] {head.lines().findFirst().orElse(""), head, body};
        }
    }

    /** Everything observable that bad input must not change. */
    private String snapshot() {
        return store.app()
                .database()
                .read(tx -> String.join(
                        "|",
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM orders")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM order_events")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM payment_notifications")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) || ':' || SUM(price) || ':' || MAX(name) FROM products")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM card_keys WHERE status = 'available'")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM settings WHERE scope = 'store'")
                                .mapTo(String.class)
                                .one(),
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM settings WHERE scope LIKE 'plugin:%'")
                                .mapTo(String.class)
                                .one()));
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
                "{\"productId\": 1, \"quantity\": 1} {\"trailing\": true}",
                "{\"productId\": 1, \"quantity\": null, \"price\": null, \"email\": \"a\\u0000@b.co\"}",
                "{\"name\": \"bell\\u0007\\u202Eexe.jpg\", \"name\": \"twice\", \"price\": 1, \"currency\": \"CNY\"}",
                "productId=1&quantity=1&email=a%40b.co&channel=sandbox");
    }

    private static String pathJunk(Random random) {
        List<String> junk = List.of(
                "..%2F..%2Fetc%2Fpasswd",
                "%00",
                "-1",
                "0",
                "99999999999999999999999",
                "%E2%80%AE",
                "null",
                "1%20OR%201=1",
                "%25%25",
                "a".repeat(400),
                "%F0%9F%94%91");
        return junk.get(random.nextInt(junk.size()));
    }

    private static String query(Random random) {
        List<String> queries = List.of(
                "",
                "?token=",
                "?token=%00",
                "?limit=-5",
                "?limit=abc&status=nope",
                "?before=x",
                "?orderNo=%3Cscript%3E&amount=1e9&currency=%00&t=x",
                "?purge=maybe");
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
