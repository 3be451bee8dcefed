package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.admin.AdminClient;
import io.kamishop.plugins.epay.FakeEpay;
import io.kamishop.plugins.usdt.FakeUsdtGateway;
import io.kamishop.plugins.wechat.FakeWechatPay;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The payments page and its API: each channel's state, the absolute notify URL (or a clear word
 * that there is none), the connection test through the plugin's own call, and key checks that keep
 * a misconfigured channel from being saved.
 */
class PaymentsPageTest {

    private static final String PASSWORD = "payments page password";
    AlipayFake alipay = new AlipayFake();
    TestStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        alipay.close();
    }

    static JsonNode channel(JsonNode overview, String pluginId) {
        return StreamSupport.stream(overview.get("channels").spliterator(), false)
                .filter(c -> c.get("pluginId").asText().equals(pluginId))
                .findFirst()
                .orElseThrow();
    }

    AdminClient signIn(String name, String role) {
        Http.Answer created = store.http()
                .adminPostJson("/api/admin/users", Map.of("username", name, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo(role);
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn(name, PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    @Test
    void everyChannelIsListedWithItsStateAndTheAbsoluteNotifyUrl() {
        store = TestStore.builder()
                .env("KAMISHOP_PUBLIC_URL", "https://shop.example.com/")
                .start();
        JsonNode overview = store.http().adminGet("/api/admin/payments").json();

        assertThat(overview.get("publicUrl").asText()).isEqualTo("https://shop.example.com");
        JsonNode unconfigured = channel(overview, "payment-alipay");
        assertThat(unconfigured.get("state").asText()).isEqualTo("NOT_CONFIGURED");
        assertThat(unconfigured.get("channelId").asText()).isEqualTo("alipay");
        assertThat(unconfigured.get("notifyUrl").asText())
                .isEqualTo("https://shop.example.com/api/payments/alipay/notify");
        assertThat(unconfigured.get("missing").toString())
                .contains("App ID", "Application private key", "Alipay public key");
        assertThat(unconfigured.get("testable").asBoolean()).isTrue();
        assertThat(channel(overview, "payment-sandbox").get("state").asText()).isIn("DISABLED", "OFFERED");
        // Every bundled payment plugin is there, whatever its state.
        for (String id : new String[] {
            "payment-alipay", "payment-stripe", "payment-wechat", "payment-paypal", "payment-usdt", "payment-epay"
        }) {
            assertThat(channel(overview, id).get("state").asText()).isNotBlank();
        }

        assertThat(store.http()
                        .adminPutJson("/api/admin/plugins/payment-alipay/config", alipay.pluginConfig("page"))
                        .status())
                .isEqualTo(200);
        assertThat(channel(store.http().adminGet("/api/admin/payments").json(), "payment-alipay")
                        .get("state")
                        .asText())
                .isEqualTo("OFFERED");

        // A refused notification (a forged signature) turns an offered channel into a failing one.
        Http.Answer forged = store.http()
                .postRaw(
                        "/api/payments/alipay/notify",
                        "out_trade_no=K1&sign=forged".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/x-www-form-urlencoded");
        assertThat(forged.status()).isEqualTo(400);
        JsonNode failing = channel(store.http().adminGet("/api/admin/payments").json(), "payment-alipay");
        assertThat(failing.get("state").asText()).isEqualTo("FAILING");
        assertThat(failing.get("refusedLately").asInt()).isEqualTo(1);
    }

    @Test
    void withoutAPublicUrlThePageSaysSoInsteadOfARelativePath() {
        store = TestStore.start();
        JsonNode overview = store.http().adminGet("/api/admin/payments").json();
        assertThat(overview.get("publicUrl").isNull()).isTrue();
        assertThat(channel(overview, "payment-alipay").get("notifyUrl").isNull())
                .isTrue();

        AdminClient owner = signIn("boss", "owner");
        String page = owner.get("/admin/payments").body();
        assertThat(page)
                .contains("id=\"no-public-url\"")
                .contains("KAMISHOP_PUBLIC_URL")
                .doesNotContain("value=\"/api/payments/");
        String zh = owner.header("Accept-Language", "zh-CN")
                .get("/admin/payments?lang=zh-CN")
                .body();
        assertThat(zh).contains("尚未配置公开网址").contains("未配置").contains("测试连接");
    }

    @Test
    void theConnectionTestCallsTheGatewayThroughThePluginOnBothDoors() {
        store = TestStore.builder()
                .env("KAMISHOP_PUBLIC_URL", "https://shop.example.com")
                // Alipay calls through the host's guarded client, and the gateway fake listens on loopback.
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        assertThat(store.http()
                        .adminPutJson("/api/admin/plugins/payment-alipay/config", alipay.pluginConfig("page"))
                        .status())
                .isEqualTo(200);

        Http.Answer api = store.http().adminPost("/api/admin/payments/payment-alipay/test");
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        assertThat(api.json().get("outcome").asText()).isEqualTo("ok");

        AdminClient owner = signIn("boss", "owner");
        AdminClient.Page page = owner.submit("/admin/payments", "/admin/payments/payment-alipay/test", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-outcome=\"ok\"")
                .contains("https://shop.example.com/api/payments/alipay/notify");

        // Alipay's key replaced by another: Alipay's signed answer no longer verifies, and the test says it failed.
        Map<String, Object> wrong = new HashMap<>(alipay.pluginConfig("page"));
        wrong.put(
                "alipayPublicKey",
                Base64.getEncoder().encodeToString(AlipayFake.rsa().getPublic().getEncoded()));
        assertThat(store.http()
                        .adminPutJson("/api/admin/plugins/payment-alipay/config", wrong)
                        .status())
                .isEqualTo(200);
        assertThat(store.http()
                        .adminPost("/api/admin/payments/payment-alipay/test")
                        .json()
                        .get("outcome")
                        .asText())
                .isEqualTo("failed");

        assertThat(store.http()
                        .adminPost("/api/admin/payments/no-such-plugin/test")
                        .status())
                .isEqualTo(404);
        assertThat(store.http().adminPost("/api/admin/payments/risk-basic/test").status())
                .isEqualTo(404);
        assertThat(store.http()
                        .adminPost("/api/admin/payments/payment-sandbox/test")
                        .status())
                .isIn(409, 200);
    }

    @Test
    void wechatEpayAndUsdtTestTheirGatewaysThroughTheGuardedClientAndAWrongKeyIsAFailureNotA5xx() {
        store = TestStore.builder()
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true") // the fakes listen on loopback
                .start();
        try (FakeWechatPay wechat = new FakeWechatPay(Clock.systemUTC());
                FakeEpay epay = new FakeEpay(Clock.systemUTC(), 1);
                FakeUsdtGateway usdt = new FakeUsdtGateway(Clock.systemUTC())) {
            Map<String, Map<String, String>> configs = Map.of(
                    "payment-wechat", wechat.pluginConfig("native"),
                    "payment-epay", epay.pluginConfig("submit", "alipay\nwxpay"),
                    "payment-usdt", usdt.pluginConfig());
            JsonNode overview = store.http().adminGet("/api/admin/payments").json();
            for (var plugin : configs.entrySet()) {
                assertThat(channel(overview, plugin.getKey()).get("testable").asBoolean())
                        .as(plugin.getKey())
                        .isTrue();
                Http.Answer saved = store.http()
                        .adminPutJson("/api/admin/plugins/" + plugin.getKey() + "/config", plugin.getValue());
                assertThat(saved.status()).as(saved.body()).isEqualTo(200);
                Http.Answer test = store.http().adminPost("/api/admin/payments/" + plugin.getKey() + "/test");
                assertThat(test.status()).as(test.body()).isEqualTo(200);
                assertThat(test.json().get("outcome").asText()).as(test.body()).isEqualTo("ok");
            }
            assertThat(wechat.calls("GET", "/v3/certificates")).hasSize(1);
            assertThat(epay.calls("/api.php?act=query")).hasSize(1);
            assertThat(usdt.calls("/api/v1/order/cancel-transaction")).hasSize(1);

            Map<String, String> wrongToken = new HashMap<>(usdt.pluginConfig());
            wrongToken.put("token", "not-the-gateways-token");
            assertThat(store.http()
                            .adminPutJson("/api/admin/plugins/payment-usdt/config", wrongToken)
                            .status())
                    .isEqualTo(200);
            Http.Answer refused = store.http().adminPost("/api/admin/payments/payment-usdt/test");
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().get("outcome").asText()).isEqualTo("failed");
            assertThat(refused.json().get("detail").asText()).contains("签名错误").doesNotContain("not-the-gateways-token");

            epay.behaviour = FakeEpay.Behaviour.FAIL_500;
            Http.Answer broken = store.http().adminPost("/api/admin/payments/payment-epay/test");
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.json().get("outcome").asText()).isEqualTo("failed");
            assertThat(broken.json().get("detail").asText())
                    .contains("HTTP 500")
                    .doesNotContain(FakeEpay.KEY);
        }
    }

    @Test
    void onlyOwnersSeeOrTestPaymentsOnPageAndApiAlike() {
        store = TestStore.start();
        AdminClient owner = signIn("boss", "owner"); // the first admin is always an owner
        for (String role : new String[] {"operator", "support", "viewer"}) {
            AdminClient staff = signIn("staff-" + role, role);
            assertThat(staff.get("/admin/payments").status()).as(role).isEqualTo(403);
            assertThat(staff.submit("/admin/account", "/admin/payments/payment-alipay/test", Map.of())
                            .status())
                    .as(role)
                    .isEqualTo(403);
            assertThat(staff.get("/admin").body()).as(role).doesNotContain("id=\"nav-payments\"");
        }
        assertThat(owner.get("/admin").body()).contains("id=\"nav-payments\"");
    }

    @Test
    void anAlipayKeyThatCannotWorkIsNeverSaved() {
        store = TestStore.start();
        Map<String, Object> notAKey = new HashMap<>(alipay.pluginConfig("page"));
        notAKey.put("merchantPrivateKey", "not-a-key");
        Http.Answer refused = store.http().adminPutJson("/api/admin/plugins/payment-alipay/config", notAKey);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("merchantPrivateKey").contains("PKCS#8");

        // The app's own public key where Alipay's belongs: the commonest Alipay mistake.
        Map<String, Object> ownKey = new HashMap<>(alipay.pluginConfig("page"));
        ownKey.put(
                "alipayPublicKey",
                Base64.getEncoder().encodeToString(alipay.merchant.getPublic().getEncoded()));
        refused = store.http().adminPutJson("/api/admin/plugins/payment-alipay/config", ownKey);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("alipayPublicKey").contains("own private key");

        // Nothing of either attempt was stored: the channel is still unconfigured and not offered.
        JsonNode config = store.http()
                .adminGet("/api/admin/plugins/payment-alipay/config")
                .json();
        assertThat(config.at("/values/appId").asText("")).isEmpty();
        assertThat(config.at("/values/merchantPrivateKey").asText("")).isEmpty();
        assertThat(channel(store.http().adminGet("/api/admin/payments").json(), "payment-alipay")
                        .get("state")
                        .asText())
                .isEqualTo("NOT_CONFIGURED");
        assertThat(store.http().get("/api/channels").json().findValuesAsText("id"))
                .doesNotContain("alipay");

        // The settings form says it in the merchant's language, next to the field.
        AdminClient owner = signIn("boss", "owner");
        Map<String, String> form = new HashMap<>();
        alipay.pluginConfig("page").forEach((k, v) -> form.put("setting." + k, v.toString()));
        form.put(
                "setting.alipayPublicKey",
                Base64.getEncoder().encodeToString(alipay.merchant.getPublic().getEncoded()));
        AdminClient.Page page = owner.header("Accept-Language", "zh-CN")
                .submit("/admin/plugins/payment-alipay?lang=zh-CN", "/admin/plugins/payment-alipay/config", form);
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"error-alipayPublicKey\"").contains("这是您自己私钥对应的公钥");
        assertThat(store.http()
                        .adminGet("/api/admin/plugins/payment-alipay/config")
                        .json()
                        .at("/values/appId")
                        .asText(""))
                .isEmpty();
    }
}
