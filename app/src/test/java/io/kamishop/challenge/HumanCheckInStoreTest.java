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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled Turnstile plugin as the store's human check, against a local siteverify that answers as
 * Cloudflare's docs say, through the host's guarded HTTP client: one policy at every door (API, storefront
 * forms), a refusal is a 403 that changes nothing, the vendor failing is a refusal and never a 5xx, and the
 * buyer's pages show the widget with a policy that allows exactly Cloudflare's origin.
 */
class HumanCheckInStoreTest {

    static final String GOOD = "XXXX.DUMMY.TOKEN.XXXX";
    static final String SECRET = "0x4AAAAAAAtestSecret";

    HttpServer siteverify;
    volatile boolean down;
    TestStore store;
    long product;

    @BeforeEach
    void start() throws IOException {
        siteverify = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        siteverify.createContext("/turnstile/v0/siteverify", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String response = "";
            String secret = "";
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                if (kv[0].equals("response")) {
                    response = value;
                } else if (kv[0].equals("secret")) {
                    secret = value;
                }
            }
            int status = down ? 500 : 200;
            String body = down
                    ? "internal error"
                    : SECRET.equals(secret) && GOOD.equals(response)
                            ? "{\"success\":true,\"challenge_ts\":\"2026-12-07T00:00:00.000Z\",\"hostname\":\"localhost\","
                                    + "\"error-codes\":[]}"
                            : "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        siteverify.start();
        store = TestStore.builder()
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        product = store.createProduct("Guarded game", 500, "CNY");
        store.importKeys(product, List.of("HUMAN-1", "HUMAN-2", "HUMAN-3"));
    }

    @AfterEach
    void stop() {
        store.close();
        siteverify.stop(0);
    }

    private void switchOnTurnstile() {
        store.switchOnPlugin(
                "human-turnstile",
                Map.of(
                        "siteKey",
                        "0x4AAAAAAAsiteKey",
                        "secretKey",
                        SECRET,
                        "verifyUrl",
                        "http://127.0.0.1:" + siteverify.getAddress().getPort() + "/turnstile/v0/siteverify"));
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

    private Http.Answer form(String path, String body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Accept-Language", "en")
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }

    private long available() {
        return store.stock(product).get("available").asLong();
    }

    @Test
    void offByDefaultTheStoreAsksNothingAndShowsNoWidget() {
        assertThat(order(null).status()).isEqualTo(201);
        Http.Answer page = store.http().get("/products/" + product);
        assertThat(page.body()).doesNotContain("cf-turnstile");
        assertThat(page.header("Content-Security-Policy")).doesNotContain("cloudflare");
    }

    @Test
    void anApiOrderWithoutAVouchedTokenIsRefusedAndChangesNothing() {
        switchOnTurnstile();

        Http.Answer none = order(null);
        Http.Answer forged = order("forged-token");
        down = true;
        Http.Answer vendorDown = order(GOOD);

        assertThat(none.status()).isEqualTo(403);
        assertThat(none.errorCode()).isEqualTo("human_check_required");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.errorCode()).isEqualTo("human_check_failed");
        assertThat(forged.body()).contains("invalid-input-response");
        assertThat(vendorDown.status())
                .as("a vendor failing refuses, never a 5xx")
                .isEqualTo(403);
        assertThat(vendorDown.errorCode()).isEqualTo("human_check_failed");
        assertThat(available()).isEqualTo(3);

        down = false;
        Http.Answer human = order(GOOD);
        assertThat(human.status()).as(human.body()).isEqualTo(201);
        assertThat(available()).isEqualTo(2);
    }

    @Test
    void theStorefrontShowsTheWidgetAndItsFormsAskTheSameCheck() {
        switchOnTurnstile();

        Http.Answer page = store.http().get("/products/" + product);
        assertThat(page.body())
                .contains("<div class=\"cf-turnstile\" data-sitekey=\"0x4AAAAAAAsiteKey\"></div>")
                .contains(
                        "<script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\" async defer></script>");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy)
                .contains("script-src 'self' https://challenges.cloudflare.com;")
                .contains("frame-src 'self' https://challenges.cloudflare.com;");
        assertThat(store.http().get("/lookup").body()).contains("cf-turnstile");
        assertThat(store.http().adminGet("/admin").header("Content-Security-Policy"))
                .as("the admin keeps the strict policy")
                .doesNotContain("cloudflare");

        String checkout = "productId=" + product + "&quantity=1&email=buyer%40example.com&channel=sandbox";
        Http.Answer without = form("/checkout", checkout);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.body()).contains("check above the button first");
        Http.Answer lookup = form("/lookup", "email=a%40example.com&password=secret");
        assertThat(lookup.status()).isEqualTo(403);
        Http.Answer lookupApi = store.http()
                .postJson("/api/orders/lookup", Map.of("email", "a@example.com", "queryPassword", "secret"));
        assertThat(lookupApi.status()).isEqualTo(403);
        assertThat(lookupApi.errorCode()).isEqualTo("human_check_required");
        assertThat(available()).isEqualTo(3);

        Http.Answer human = form("/checkout", checkout + "&cf-turnstile-response=" + GOOD);
        assertThat(human.status()).as(human.body()).isEqualTo(303);
        assertThat(available()).isEqualTo(2);
    }
}
