package io.kamishop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The store's public HTTP API as a merchant script, a buyer and the sandbox gateway use it. One
 * HTTP/1.1 client (no h2c upgrade attempts) shared by every load thread.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A placed order: what the buyer keeps to pay and look it up. */
    record Placed(String orderNo, String token, long amount) {}

    private static final ThreadLocal<Mac> SANDBOX_MAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ServerProcess.SANDBOX_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final HttpClient client;
    private final String base;

    Api(String base, int threads) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(Math.max(2, threads / 8), daemon("http-client")))
                .build();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN);
    }

    JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " "
                    + response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    /** The body of a 200 answer (a page, a CSV). */
    String expectText(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Enables the sandbox channel and switches off plugins that would refuse a flood of orders from one address. */
    void prepareStore() {
        HttpResponse<String> enabled =
                send(admin("/api/admin/plugins/payment-sandbox/enable").POST(HttpRequest.BodyPublishers.noBody()));
        if (enabled.statusCode() != 200) {
            throw new IllegalStateException(
                    "cannot enable the sandbox channel: " + enabled.statusCode() + " " + enabled.body());
        }
        // The risk plugin (when bundled) limits orders per IP per hour: a load test from 127.0.0.1 is not a fraudster.
        send(admin("/api/admin/plugins/risk-basic/disable").POST(HttpRequest.BodyPublishers.noBody()));
    }

    long createProduct(String name, long price) {
        String body = "{\"name\":\"" + name + "\",\"price\":" + price + ",\"currency\":\"CNY\"}";
        return expect(
                        send(admin("/api/admin/products")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))),
                        201)
                .get("id")
                .asLong();
    }

    JsonNode importKeys(long productId, Path file) throws IOException {
        return expect(
                send(admin("/api/admin/products/" + productId + "/keys")
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofFile(file))),
                200);
    }

    JsonNode importKeys(long productId, List<String> keys) {
        return expect(
                send(admin("/api/admin/products/" + productId + "/keys")
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", keys)))),
                200);
    }

    JsonNode stock(long productId) {
        return expect(send(admin("/api/admin/products/" + productId).GET()), 200)
                .get("stock");
    }

    /** Places an order for one key; empty when the store answers 409 out_of_stock. */
    java.util.Optional<Placed> order(long productId) {
        String body = "{\"productId\":" + productId
                + ",\"quantity\":1,\"email\":\"buyer@example.com\",\"channel\":\"sandbox\"}";
        HttpResponse<String> response = send(request("/api/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() == 409) {
            return java.util.Optional.empty();
        }
        JsonNode placed = expect(response, 201);
        return java.util.Optional.of(new Placed(
                placed.get("orderNo").asText(),
                placed.get("lookupToken").asText(),
                placed.get("amount").asLong()));
    }

    /** Sends a signed sandbox notification; true when the store answered 200 {@code success}. */
    boolean notifyPaid(Placed order, String tradeNo) {
        Notification notification = Notification.of(order, tradeNo);
        HttpResponse<String> response = send(request("/api/payments/sandbox/notify")
                .header("Content-Type", "application/json")
                .header("X-Sandbox-Signature", notification.signature())
                .POST(HttpRequest.BodyPublishers.ofString(notification.body())));
        return response.statusCode() == 200 && response.body().equals("success");
    }

    /** A sandbox payment notification as the gateway sends it: JSON body and its HMAC-SHA256 signature, hex. */
    record Notification(String body, String signature) {
        static Notification of(Placed order, String tradeNo) {
            String body = "{\"orderNo\":\"" + order.orderNo() + "\",\"amount\":" + order.amount() + ",\"tradeNo\":\""
                    + tradeNo + "\"}";
            return new Notification(
                    body, HexFormat.of().formatHex(SANDBOX_MAC.get().doFinal(body.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /**
     * The cumulative buckets of the store's own {@code kamishop_notification_to_delivery} histogram
     * (handler entered until the delivery committed), as upper bound in ms to count.
     */
    java.util.TreeMap<Double, Long> deliveryHistogram() {
        HttpResponse<String> response = send(admin("/metrics").GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode());
        }
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^kamishop_notification_to_delivery_seconds_bucket\\{.*le=\"([^\"]+)\".*\\} ([0-9.eE+]+)$");
        for (String text : response.body().split("\n")) {
            java.util.regex.Matcher m = line.matcher(text);
            if (m.matches()) {
                double le =
                        m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)) * 1000;
                buckets.merge(le, (long) Double.parseDouble(m.group(2)), Long::sum);
            }
        }
        return buckets;
    }

    /** The order as the buyer reads it. */
    JsonNode lookup(Placed order) {
        return expect(
                send(request("/api/orders/" + order.orderNo() + "?token=" + order.token())
                        .GET()),
                200);
    }
}
