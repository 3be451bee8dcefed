package io.kamishop.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled Geetest plugin behind the store's doors, against a local /validate: whatever Geetest does wrong (hang,
 * 5xx, garbage, "fail") the buyer gets a 403 that changes nothing, never a 5xx; its values pass; and its glue script
 * is served from the store's origin only while the plugin runs.
 */
class GeetestInStoreTest {

    static final String CAPTCHA_ID = "647f5ed2ed8acb4be36784e01556bb71";
    static final String CAPTCHA_KEY = "b09a7aafbfd83f73b35a9b530d0337bf";
    static final String PASS = "c7b5e8a4f0d2c1b3a5e7f9d1c3b5a7e9";
    static final String VALUES = "{\"lot_number\":\"4dc3cfc2cdff448cad8d13107198d473\",\"captcha_output\":\"b3V0cHV0\","
            + "\"pass_token\":\"" + PASS + "\",\"gen_time\":\"1731000000\"}";

    HttpServer geetest;
    volatile String mode = "docs";
    final CountDownLatch never = new CountDownLatch(1);
    TestStore store;
    long product;

    @BeforeEach
    void start() throws IOException {
        geetest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        geetest.createContext("/validate", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String pass = "";
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("pass_token") && kv.length == 2) {
                    pass = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                }
            }
            int status = 200;
            String body;
            switch (mode) {
                case "hang" -> {
                    try {
                        never.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    body = "{}";
                }
                case "down" -> {
                    status = 500;
                    body = "internal error";
                }
                case "garbage" -> body = "<html>maintenance</html>";
                default ->
                    body = PASS.equals(pass)
                            ? "{\"status\":\"success\",\"result\":\"success\",\"reason\":\"\",\"captcha_args\":{}}"
                            : "{\"status\":\"success\",\"result\":\"fail\",\"reason\":\"pass_token expire\",\"captcha_args\":{}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        // A thread per exchange: the hanging answer must not hold up the next request.
        geetest.setExecutor(Executors.newCachedThreadPool());
        geetest.start();
        store = TestStore.builder()
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        product = store.createProduct("Geetest-guarded game", 500, "CNY");
        store.importKeys(product, List.of("GT-1", "GT-2"));
    }

    @AfterEach
    void stop() {
        never.countDown();
        store.close();
        geetest.stop(0);
    }

    private void switchOnGeetest() {
        store.switchOnPlugin(
                "human-geetest",
                Map.of(
                        "captchaId",
                        CAPTCHA_ID,
                        "captchaKey",
                        CAPTCHA_KEY,
                        "verifyUrl",
                        "http://127.0.0.1:" + geetest.getAddress().getPort() + "/validate"));
    }

    private Http.Answer order(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(Map.of(
                        "productId", product, "quantity", 1, "email", "buyer@example.com", "channel", "sandbox"))));
        if (token != null) {
            request.header("X-Kamishop-Human", token);
        }
        return store.http().send(request, false);
    }

    private long available() {
        return store.stock(product).get("available").asLong();
    }

    @Test
    void everyWayGeetestCanFailIsA403ThatChangesNothingAndItsValuesPass() {
        switchOnGeetest();

        assertThat(order(null).errorCode()).isEqualTo("human_check_required");
        Http.Answer notJson = order("XXXX.DUMMY.TOKEN.XXXX");
        assertThat(notJson.status()).isEqualTo(403);
        assertThat(notJson.body()).contains("invalid-input-response");
        Http.Answer expired = order(VALUES.replace(PASS, "ffff" + PASS.substring(4)));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body()).contains("pass-token-expire");
        for (String failing : List.of("down", "garbage", "hang")) {
            mode = failing;
            Http.Answer refused = order(VALUES);
            assertThat(refused.status())
                    .as(failing + ": a vendor failing refuses, never a 5xx")
                    .isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("human_check_failed");
        }
        assertThat(available()).isEqualTo(2);

        mode = "docs";
        Http.Answer human = order(VALUES);
        assertThat(human.status()).as(human.body()).isEqualTo(201);
        assertThat(available()).isEqualTo(1);
    }

    @Test
    void theGlueIsServedFromTheStoreOnlyWhileThePluginRuns() {
        assertThat(store.http().get("/plugin-assets/human-geetest/geetest.js").status())
                .as("off by default: nothing served")
                .isEqualTo(404);
        switchOnGeetest();

        Http.Answer glue = store.http().get("/plugin-assets/human-geetest/geetest.js");
        assertThat(glue.status()).isEqualTo(200);
        assertThat(glue.header("Content-Type")).startsWith("text/javascript");
        assertThat(glue.body()).contains("initGeetest4");
        assertThat(store.http().get("/plugin-assets/human-geetest/missing.js").status())
                .isEqualTo(404);
        assertThat(store.http().get("/plugin-assets/human-turnstile/geetest.js").status())
                .as("another plugin's name does not reach this plugin's files")
                .isEqualTo(404);
        assertThat(store.http()
                        .get("/plugin-assets/human-geetest/zh-CN.properties")
                        .status())
                .as("only scripts and styles")
                .isEqualTo(404);

        assertThat(store.http()
                        .adminPost("/api/admin/plugins/human-geetest/disable")
                        .status())
                .isEqualTo(200);
        assertThat(store.http().get("/plugin-assets/human-geetest/geetest.js").status())
                .isEqualTo(404);
        assertThat(store.http().get("/products/" + product).body()).doesNotContain("geetest");
    }
}
