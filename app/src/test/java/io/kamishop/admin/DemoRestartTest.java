package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.Kamishop;
import io.kamishop.config.AppConfig;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect of issue 20: a data dir once started with {@code --demo} kept the sandbox channel on after a
 * normal restart, so a buyer could press its Pay button and receive real keys. The sandbox is the
 * demo's for that run only; only the merchant's own switch in the admin is kept, and then every
 * admin page and {@code GET /api/admin/warnings} say so.
 */
class DemoRestartTest {

    private static Kamishop start(Path dir, boolean demo) {
        Map<String, String> env = Map.of(
                "KAMISHOP_ADMIN_TOKEN", TestStore.ADMIN_TOKEN, "KAMISHOP_SANDBOX_SECRET", TestStore.SANDBOX_SECRET);
        return Kamishop.start(AppConfig.load(env, new AppConfig.Flags(dir, 0, null, demo)), Clock.systemUTC());
    }

    private static Http http(Kamishop store) {
        return new Http("http://localhost:" + store.port(), TestStore.ADMIN_TOKEN);
    }

    private static boolean offersSandbox(Http http) {
        for (JsonNode channel : http.get("/api/channels").json()) {
            if (channel.get("id").asText().equals("sandbox")) {
                return true;
            }
        }
        return false;
    }

    private static boolean warnsOfSandbox(Http http) {
        Http.Answer warnings = http.adminGet("/api/admin/warnings");
        assertThat(warnings.status()).as(warnings.body()).isEqualTo(200);
        for (JsonNode warning : warnings.json()) {
            if (warning.get("code").asText().equals("sandbox_enabled")) {
                assertThat(warning.get("message").asText()).isNotBlank();
                return true;
            }
        }
        return false;
    }

    @Test
    void aNormalRestartAfterADemoStartOffersNoSandbox(@TempDir Path dir) {
        long productId;
        try (Kamishop demo = start(dir, true)) {
            Http http = http(demo);
            assertThat(offersSandbox(http))
                    .as("the demo run offers its sandbox")
                    .isTrue();
            assertThat(warnsOfSandbox(http)).isTrue();
            productId = demo.catalog().all().get(0).id();
            assertThat(http.get("/products/" + productId).body()).contains("value=\"sandbox\"");
        }
        try (Kamishop normal = start(dir, false)) {
            Http http = http(normal);
            assertThat(offersSandbox(http)).isFalse();
            assertThat(http.get("/products/" + productId).body()).doesNotContain("value=\"sandbox\"");
            Http.Answer order = http.postJson(
                    "/api/orders",
                    Map.of("productId", productId, "quantity", 1, "email", "b@example.com", "channel", "sandbox"));
            assertThat(order.status()).as(order.body()).isEqualTo(422);
            assertThat(order.errorCode()).isEqualTo("channel_unavailable");
            // Nor through the storefront form, and nothing was reserved by either.
            Http.Answer form = http.send(
                    java.net.http.HttpRequest.newBuilder(http.uri("/checkout"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "productId=" + productId + "&quantity=1&email=b%40example.com&channel=sandbox")),
                    false);
            assertThat(form.status()).isEqualTo(422);
            assertThat(http.adminGet("/api/admin/products/" + productId)
                            .json()
                            .get("stock")
                            .get("reserved")
                            .asLong())
                    .isZero();
            assertThat(warnsOfSandbox(http)).isFalse();
            assertThat(http.adminGet("/api/admin/plugins").body()).contains("payment-sandbox");
        }
    }

    @Test
    void theMerchantsOwnSandboxSwitchIsKeptAndWarnedOnEveryAdminPage(@TempDir Path dir) {
        try (Kamishop store = start(dir, false)) {
            Http http = http(store);
            assertThat(offersSandbox(http)).isFalse();
            http.adminPostJson("/api/admin/users", Map.of("username", "owner", "password", "sandbox warning password"));
            AdminClient browser = new AdminClient("http://localhost:" + store.port());
            assertThat(browser.signIn("owner", "sandbox warning password").status())
                    .isEqualTo(303);
            assertThat(browser.get("/admin/orders").body()).doesNotContain("data-code=\"sandbox_enabled\"");

            String pluginPage = "/admin/plugins/payment-sandbox";
            assertThat(browser.submit(pluginPage, pluginPage + "/enable", Map.of())
                            .status())
                    .isEqualTo(303);
            assertThat(offersSandbox(http)).isTrue();
            assertThat(warnsOfSandbox(http)).isTrue();
            for (String page :
                    new String[] {"/admin", "/admin/orders", "/admin/products", "/admin/settings", "/admin/plugins"}) {
                assertThat(browser.get(page).body()).as(page).contains("data-code=\"sandbox_enabled\"");
            }
            assertThat(browser.get("/admin/orders?lang=zh-CN").body()).contains("沙盒支付渠道已开启");
        }
        try (Kamishop again = start(dir, false)) {
            assertThat(offersSandbox(http(again)))
                    .as("the merchant's choice survives a restart")
                    .isTrue();
            assertThat(warnsOfSandbox(http(again))).isTrue();
        }
    }
}
