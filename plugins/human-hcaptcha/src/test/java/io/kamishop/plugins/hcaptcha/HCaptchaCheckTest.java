package io.kamishop.plugins.hcaptcha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.kamishop.api.HumanCheck;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local siteverify that answers as hCaptcha's docs say. */
class HCaptchaCheckTest {

    static final String SECRET = "0x0000000000000000000000000000000000000000";
    static final String GOOD_TOKEN = "10000000-aaaa-bbbb-cccc-000000000001";

    private HttpServer siteverify;
    private final List<Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile String mode = "docs";
    private FakePluginContext context;

    @BeforeEach
    void startFake() throws IOException {
        siteverify = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        siteverify.createContext("/siteverify", exchange -> {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(form);
            String body;
            int status = 200;
            if (mode.equals("hang")) {
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = "{}";
            } else if (mode.equals("down")) {
                status = 503;
                body = "<html>Service Unavailable</html>";
            } else if (!SECRET.equals(form.get("secret"))) {
                body = "{\"success\":false,\"error-codes\":[\"invalid-input-secret\"]}";
            } else if (GOOD_TOKEN.equals(form.get("response"))
                    && "10000000-ffff-ffff-ffff-000000000001".equals(form.get("sitekey"))) {
                body = "{\"success\":true,\"challenge_ts\":\"2026-12-07T00:00:00Z\",\"hostname\":\"shop.example\","
                        + "\"credit\":false}";
            } else {
                body = "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        // A thread per exchange: the hanging answer must not hold up the next request (the default runs one at a time).
        siteverify.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        siteverify.start();
        context = new FakePluginContext("human-hcaptcha", Clock.systemUTC());
        HttpClient client = HttpClient.newHttpClient();
        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return client.send(request, body);
            }
        };
        context.values.put(HCaptchaCheck.SITE_KEY, "10000000-ffff-ffff-ffff-000000000001");
        context.values.put(HCaptchaCheck.SECRET_KEY, SECRET);
        context.values.put(
                HCaptchaCheck.VERIFY_URL,
                "http://127.0.0.1:" + siteverify.getAddress().getPort() + "/siteverify");
    }

    @AfterEach
    void stopFake() {
        never.countDown();
        siteverify.stop(0);
    }

    private HCaptchaCheck started(Duration timeout) {
        HCaptchaCheck check = new HCaptchaCheck(timeout);
        check.start(context);
        return check;
    }

    @Test
    void aTokenHCaptchaVouchesForPassesAndTheSecretAndAddressAreSent() throws Exception {
        HumanCheck.Verdict verdict = started(Duration.ofSeconds(10)).verify(GOOD_TOKEN, "203.0.113.7");

        assertThat(verdict.human()).isTrue();
        assertThat(received).hasSize(1);
        assertThat(received.get(0))
                .containsEntry("secret", SECRET)
                .containsEntry("response", GOOD_TOKEN)
                .containsEntry("remoteip", "203.0.113.7")
                .containsEntry("sitekey", "10000000-ffff-ffff-ffff-000000000001");
    }

    @Test
    void aRefusedTokenCarriesHCaptchasErrorCodes() throws Exception {
        HumanCheck.Verdict verdict = started(Duration.ofSeconds(10)).verify("forged", "203.0.113.7");

        assertThat(verdict.human()).isFalse();
        assertThat(verdict.errorCodes()).containsExactly("invalid-input-response");
    }

    @Test
    void aWrongSecretIsRefusedNotPassed() throws Exception {
        context.values.put(HCaptchaCheck.SECRET_KEY, "0x1111111111111111111111111111111111111111");

        HumanCheck.Verdict verdict = started(Duration.ofSeconds(10)).verify(GOOD_TOKEN, "203.0.113.7");

        assertThat(verdict.human()).isFalse();
        assertThat(verdict.errorCodes()).containsExactly("invalid-input-secret");
    }

    @Test
    void aSilentOrBrokenVendorIsAnErrorTheHostRefusesOn() {
        mode = "hang";
        assertThatThrownBy(() -> started(Duration.ofMillis(300)).verify(GOOD_TOKEN, "203.0.113.7"))
                .isInstanceOf(IOException.class);
        mode = "down";
        assertThatThrownBy(() -> started(Duration.ofSeconds(10)).verify(GOOD_TOKEN, "203.0.113.7"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");
    }

    @Test
    void theWidgetNamesHCaptchasOriginsAndFieldAndIsAbsentWithoutKeys() {
        HumanCheck.Widget widget = started(Duration.ofSeconds(10)).widget().orElseThrow();

        assertThat(widget.origins()).containsExactly("https://hcaptcha.com", "https://*.hcaptcha.com");
        assertThat(widget.scriptUrl()).isEqualTo("https://js.hcaptcha.com/1/api.js");
        assertThat(widget.fieldName()).isEqualTo("h-captcha-response");
        assertThat(widget.html())
                .isEqualTo("<div class=\"h-captcha\" data-sitekey=\"10000000-ffff-ffff-ffff-000000000001\"></div>");

        context.values.remove(HCaptchaCheck.SECRET_KEY);
        assertThat(started(Duration.ofSeconds(10)).widget()).isEmpty();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
