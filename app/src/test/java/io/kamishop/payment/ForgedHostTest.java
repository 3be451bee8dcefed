package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: without KAMISHOP_PUBLIC_URL the store builds a gateway's return and notify URLs from the
 * request's host; a forged {@code Host} must not choose where Alipay sends the payment notification.
 */
class ForgedHostTest {

    AlipayFake alipay = new AlipayFake();
    TestStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        alipay.close();
    }

    private long alipayProduct(TestStore started) {
        store = started;
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-alipay/config", alipay.pluginConfig("page"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        long product = store.createProduct("Alipay game", 990, "CNY");
        store.importKeys(product, List.of("KEY-A", "KEY-B"));
        return product;
    }

    /** POST /api/orders with this Host header, which Java's HttpClient refuses to set. */
    private String[] orderUnderHost(long product, String host) throws Exception {
        return postUnderHost(
                "/api/orders",
                "application/json",
                host,
                Http.toJson(Map.of(
                        "productId", product, "quantity", 1, "email", "buyer@example.com", "channel", "alipay")));
    }

    private String[] postUnderHost(String path, String contentType, String host, String text) throws Exception {
        String[] answer = postUnderHostWithHead(path, contentType, host, text);
        return new String[] {answer[0].lines().findFirst().orElse(""), answer[1]};
    }

    /** The whole response head (status line and headers) and the body. */
    private String[] postUnderHostWithHead(String path, String contentType, String host, String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String request = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + text;
        try (java.net.Socket socket =
                new java.net.Socket("localhost", store.app().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String rest = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            return new String[] {head, rest};
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            byte[] rest = chunked.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
            body.append(chunk);
            at = lineEnd + 2 + chunk.length() + 2;
        }
    }

    private static String notifyUrl(JsonNode placed) {
        String redirect = placed.at("/payment/redirectUrl").asText();
        return GatewayFake.form(URI.create(redirect).getRawQuery()).get("notify_url");
    }

    private long orders() {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM orders")
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void aForgedHostCannotSteerTheNotifyUrlAndPlacesNoOrder() throws Exception {
        long product = alipayProduct(TestStore.start());
        String[] refused = orderUnderHost(product, "attacker.example");
        assertThat(refused[0]).contains(" 409 ");
        JsonNode error = new ObjectMapper().readTree(refused[1]).path("error");
        assertThat(error.path("code").asText()).isEqualTo("public_url_required");
        assertThat(error.path("message").asText()).contains("KAMISHOP_PUBLIC_URL");
        assertThat(orders()).isZero();
        assertThat(store.stock(product).get("available").asInt()).isEqualTo(2);

        String[] local = orderUnderHost(product, "localhost:" + store.app().port());
        assertThat(local[0]).contains(" 201 ");
        assertThat(notifyUrl(new ObjectMapper().readTree(local[1])))
                .isEqualTo("http://localhost:" + store.app().port() + "/api/payments/alipay/notify");
    }

    @Test
    void theStorefrontFormRefusesAForgedHostTheSameWay() throws Exception {
        long product = alipayProduct(TestStore.start());
        String[] refused = postUnderHost(
                "/checkout",
                "application/x-www-form-urlencoded",
                "attacker.example",
                "productId=" + product
                        + "&quantity=1&email=buyer%40example.com&channel=alipay&coupon=&lookupPassword=");
        assertThat(refused[0]).contains(" 409 ");
        assertThat(orders()).isZero();
        assertThat(store.stock(product).get("available").asInt()).isEqualTo(2);
    }

    @Test
    void aHostOnTheAllowListBuildsTheUrls() throws Exception {
        long product = alipayProduct(TestStore.builder()
                .env("KAMISHOP_ALLOWED_HOSTS", "shop.example, localhost")
                .start());
        String[] placed = orderUnderHost(product, "Shop.Example:8443");
        assertThat(placed[0]).contains(" 201 ");
        assertThat(notifyUrl(new ObjectMapper().readTree(placed[1])))
                .isEqualTo("http://Shop.Example:8443/api/payments/alipay/notify");
        assertThat(orderUnderHost(product, "127.0.0.1")[0])
                .as("the list replaces the default")
                .contains(" 409 ");
    }

    @Test
    void withAPublicUrlEveryHostPaysAndTheUrlsComeFromThePublicUrl() throws Exception {
        long product = alipayProduct(TestStore.builder()
                .env("KAMISHOP_PUBLIC_URL", "https://shop.example")
                .start());
        String[] placed = orderUnderHost(product, "attacker.example");
        assertThat(placed[0]).contains(" 201 ");
        assertThat(notifyUrl(new ObjectMapper().readTree(placed[1])))
                .isEqualTo("https://shop.example/api/payments/alipay/notify");
    }

    @Test
    void aPluginRedirectUnderAForgedHostNeverSendsTheBuyerOrTheirTokenThere() throws Exception {
        store = TestStore.start();
        long product = store.createProduct("Sandbox game", 500, "CNY");
        store.importKeys(product, List.of("KEY-S"));
        JsonNode placed = store.order(product, 1).json();
        String orderNo = placed.get("orderNo").asText();
        String token = placed.get("lookupToken").asText();
        String[] paid = postUnderHostWithHead(
                "/pay/sandbox/pay",
                "application/x-www-form-urlencoded",
                "attacker.example",
                "orderNo=" + orderNo + "&amount=" + placed.get("amount").asLong() + "&t=" + token);
        String location = paid[0].lines()
                .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("location:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(paid[0]));
        assertThat(location)
                .doesNotContain("attacker.example")
                .contains("http://localhost:" + store.app().port() + "/orders/" + orderNo + "?token=");
    }
}
