package io.kamishop.plugins.geetest;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local /validate that answers as Geetest's server deployment docs say (gcaptcha4.geetest.com). */
class GeetestCheckTest {

    static final String CAPTCHA_ID = "647f5ed2ed8acb4be36784e01556bb71";
    static final String CAPTCHA_KEY = "b09a7aafbfd83f73b35a9b530d0337bf";
    static final String LOT = "4dc3cfc2cdff448cad8d13107198d473";
    static final String PASS = "0d1fe1a8d2ac2e1c2e6c9e53b8df7f3b0b2e5c1f8a7e8c2d2f0d3a1b4c5d6e7f";
    static final String GOOD =
            "{\"lot_number\":\"" + LOT + "\",\"captcha_output\":\"fulgU3Zb_vZ-OUt4=\",\"pass_token\":\"" + PASS
                    + "\",\"gen_time\":\"1731000000\"}";

    private HttpServer geetest;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile String mode = "docs";
    private FakePluginContext context;

    @BeforeEach
    void startFake() throws IOException {
        geetest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        geetest.createContext("/validate", exchange -> {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            form.putAll(form(exchange.getRequestURI().getRawQuery()));
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
                status = 502;
                body = "<html>Bad Gateway</html>";
            } else if (mode.equals("garbage")) {
                body = "<html>not json</html>";
            } else if (!CAPTCHA_ID.equals(form.get("captcha_id"))) {
                // Geetest's answer to a request it cannot take: status error, no result.
                body = "{\"status\":\"error\",\"code\":\"-50005\",\"msg\":\"illegal captcha_id\"}";
            } else if (!hmac(CAPTCHA_KEY, form.getOrDefault("lot_number", "")).equals(form.get("sign_token"))) {
                body =
                        "{\"status\":\"success\",\"result\":\"fail\",\"reason\":\"sign_token error\",\"captcha_args\":{}}";
            } else if (PASS.equals(form.get("pass_token"))) {
                body = "{\"status\":\"success\",\"result\":\"success\",\"reason\":\"\",\"captcha_args\":"
                        + "{\"used_type\":\"slide\",\"user_ip\":\"203.0.113.7\",\"lot_number\":\"" + LOT + "\"}}";
            } else {
                body =
                        "{\"status\":\"success\",\"result\":\"fail\",\"reason\":\"pass_token expire\",\"captcha_args\":{}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        // A thread per exchange: the hanging answer must not hold up the next request.
        geetest.setExecutor(Executors.newCachedThreadPool());
        geetest.start();
        context = new FakePluginContext("human-geetest", Clock.systemUTC());
        HttpClient client = HttpClient.newHttpClient();
        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return client.send(request, body);
            }
        };
        context.values.put(GeetestCheck.CAPTCHA_ID, CAPTCHA_ID);
        context.values.put(GeetestCheck.CAPTCHA_KEY, CAPTCHA_KEY);
        context.values.put(
                GeetestCheck.VERIFY_URL,
                "http://127.0.0.1:" + geetest.getAddress().getPort() + "/validate");
    }

    @AfterEach
    void stopFake() {
        never.countDown();
        geetest.stop(0);
    }

    private GeetestCheck started(Duration timeout) {
        GeetestCheck check = new GeetestCheck(timeout);
        check.start(context);
        return check;
    }

    @Test
    void theSignTokenIsTheHexHmacSha256OfTheLotNumberUnderTheCaptchaKey() throws Exception {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(GeetestCheck.signToken("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(GeetestCheck.signToken(CAPTCHA_KEY, LOT)).isEqualTo(hmac(CAPTCHA_KEY, LOT));
    }

    @Test
    void valuesGeetestVouchesForPassAndAreSentSignedWithTheCaptchaId() throws Exception {
        HumanCheck.Verdict verdict = started(Duration.ofSeconds(10)).verify(GOOD, "203.0.113.7");

        assertThat(verdict.human()).isTrue();
        assertThat(received).hasSize(1);
        assertThat(received.get(0))
                .containsEntry("captcha_id", CAPTCHA_ID)
                .containsEntry("lot_number", LOT)
                .containsEntry("captcha_output", "fulgU3Zb_vZ-OUt4=")
                .containsEntry("pass_token", PASS)
                .containsEntry("gen_time", "1731000000")
                .containsEntry("sign_token", hmac(CAPTCHA_KEY, LOT))
                .doesNotContainValue(CAPTCHA_KEY);
    }

    @Test
    void aFailCarriesGeetestsReasonAsAnErrorCode() throws Exception {
        HumanCheck.Verdict verdict =
                started(Duration.ofSeconds(10)).verify(GOOD.replace(PASS, "ffff" + PASS.substring(4)), "203.0.113.7");

        assertThat(verdict.human()).isFalse();
        assertThat(verdict.errorCodes()).containsExactly("pass-token-expire");
    }

    @Test
    void aWrongCaptchaKeySignsWronglyAndIsRefused() throws Exception {
        context.values.put(GeetestCheck.CAPTCHA_KEY, "00000000000000000000000000000000");

        HumanCheck.Verdict verdict = started(Duration.ofSeconds(10)).verify(GOOD, "203.0.113.7");

        assertThat(verdict.human()).isFalse();
        assertThat(verdict.errorCodes()).containsExactly("sign-token-error");
    }

    @Test
    void somethingOtherThanTheGluesJsonIsRefusedWithoutAskingGeetest() throws Exception {
        GeetestCheck check = started(Duration.ofSeconds(10));
        for (String token : List.of(
                "XXXX.DUMMY.TOKEN.XXXX",
                "{\"lot_number\":\"" + LOT + "\"}",
                GOOD.replace("1731000000", "1731000000 &x=1"),
                "[1,2,3]")) {
            HumanCheck.Verdict verdict = check.verify(token, "203.0.113.7");
            assertThat(verdict.human()).as(token).isFalse();
            assertThat(verdict.errorCodes()).containsExactly("invalid-input-response");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aSilentBrokenOrConfusedGeetestIsAnErrorTheHostRefusesOn() {
        mode = "hang";
        long started = System.nanoTime();
        assertThatThrownBy(() -> started(Duration.ofMillis(300)).verify(GOOD, "203.0.113.7"))
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        mode = "down";
        assertThatThrownBy(() -> started(Duration.ofSeconds(10)).verify(GOOD, "203.0.113.7"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("502");
        mode = "garbage";
        assertThatThrownBy(() -> started(Duration.ofSeconds(10)).verify(GOOD, "203.0.113.7"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("JSON");
        mode = "docs";
        context.values.put(GeetestCheck.CAPTCHA_ID, "ffffffffffffffffffffffffffffffff");
        assertThatThrownBy(() -> started(Duration.ofSeconds(10)).verify(GOOD, "203.0.113.7"))
                .as("a status-error answer has no result: never read as a pass")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("-50005");
    }

    @Test
    void theWidgetIsTheStoresGlueWithGeetestsOriginsAndIsAbsentWithoutKeys() {
        HumanCheck.Widget widget = started(Duration.ofSeconds(10)).widget().orElseThrow();

        assertThat(widget.scriptUrl()).isEqualTo("/plugin-assets/human-geetest/geetest.js");
        assertThat(widget.origins()).containsExactly("https://static.geetest.com", "https://gcaptcha4.geetest.com");
        assertThat(widget.fieldName()).isEqualTo("geetest-response");
        assertThat(widget.html())
                .isEqualTo("<div class=\"geetest-captcha\" data-captcha-id=\"" + CAPTCHA_ID
                        + "\" data-product=\"float\" data-script=\"https://static.geetest.com/v4/gt4.js\""
                        + " data-field=\"geetest-response\"></div>"
                        + "<input type=\"hidden\" name=\"geetest-response\" value=\"\">");

        context.values.put(GeetestCheck.SCRIPT_URL, "https://127.0.0.1:8443/v4/gt4.js");
        context.values.put(GeetestCheck.PRODUCT, "popup");
        HumanCheck.Widget moved = started(Duration.ofSeconds(10)).widget().orElseThrow();
        assertThat(moved.origins())
                .containsExactly(
                        "https://127.0.0.1:8443", "https://static.geetest.com", "https://gcaptcha4.geetest.com");
        assertThat(moved.html())
                .contains("data-product=\"popup\"")
                .contains("data-script=\"https://127.0.0.1:8443/v4/gt4.js\"");

        context.values.remove(GeetestCheck.CAPTCHA_KEY);
        assertThat(started(Duration.ofSeconds(10)).widget()).isEmpty();
    }

    @Test
    void theGlueScriptShipsInTheJarWhereTheStoreServesPluginAssetsFrom() throws IOException {
        try (var in = GeetestCheck.class.getResourceAsStream("/kamishop-web/geetest.js")) {
            assertThat(in).isNotNull();
            String glue = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(glue)
                    .contains("initGeetest4")
                    .contains("getValidate")
                    .contains("lot_number")
                    .contains("captcha_output")
                    .contains("pass_token")
                    .contains("gen_time");
        }
    }

    /** Computed here with the JDK's Mac directly, independently of the plugin's code. */
    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(message.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (raw == null) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
