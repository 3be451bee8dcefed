package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.TestStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings section for channel fees and limits: one row per running channel, the API's checks, both languages. */
class ChannelTermsPageTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static Map<String, String> sandboxTerms(String percent, String fixed, String min, String max) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel", "sandbox");
        form.put("percent.sandbox", percent);
        form.put("fixed.sandbox", fixed);
        form.put("min.sandbox", min);
        form.put("max.sandbox", max);
        return form;
    }

    @Test
    void theMerchantSetsFeesAndLimitsPerChannelAndBadValuesAreRefused() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "owner", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("owner", PASSWORD).status()).isEqualTo(303);

            assertThat(browser.get("/admin/settings?lang=en").body())
                    .contains("href=\"/admin/settings/channels\"")
                    .doesNotContain("name=\"channelFees\"");
            AdminClient.Page english = browser.get("/admin/settings/channels?lang=en");
            assertThat(english.status()).isEqualTo(200);
            assertThat(english.body())
                    .contains("Payment channel fees and limits", "id=\"terms-sandbox\"", "name=\"percent.sandbox\"");
            assertThat(browser.get("/admin/settings/channels?lang=zh-CN").body())
                    .contains("支付渠道手续费与限额", "最低订单金额");

            AdminClient.Page saved = browser.submit(
                    "/admin/settings/channels", "/admin/settings/channels", sandboxTerms("2.5", "30", "", "100000"));
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            JsonNode settings = store.http().adminGet("/api/admin/settings").json();
            assertThat(settings.get("channelFees").get("sandbox").get("percent").decimalValue())
                    .isEqualByComparingTo("2.5");
            assertThat(settings.get("channelFees").get("sandbox").get("fixed").asLong())
                    .isEqualTo(30);
            assertThat(settings.get("channelLimits").get("sandbox").has("min")).isFalse();
            assertThat(settings.get("channelLimits").get("sandbox").get("max").asLong())
                    .isEqualTo(100000);
            assertThat(browser.get("/admin/settings/channels").body()).contains("value=\"2.5\"", "value=\"100000\"");
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, java.util.List.of("ADMIN-FEE-1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            assertThat(browser.get("/admin/orders/" + orderNo + "?lang=en").body())
                    .contains("id=\"order-fee\"", "includes channel fee");
            assertThat(browser.get("/admin/orders/" + orderNo + "?lang=zh-CN").body())
                    .contains("含渠道手续费");

            for (Map<String, String> bad : java.util.List.of(
                    sandboxTerms("150", "", "", ""),
                    sandboxTerms("", "-1", "", ""),
                    sandboxTerms("", "", "500", "100"),
                    sandboxTerms("two", "", "", ""),
                    sandboxTerms("", "0.5", "", ""))) {
                AdminClient.Page refused = browser.submit("/admin/settings/channels", "/admin/settings/channels", bad);
                assertThat(refused.status()).as(bad.toString()).isEqualTo(422);
                assertThat(refused.body())
                        .contains("id=\"channel-terms-errors\"")
                        .contains("sandbox.");
            }
            JsonNode unchanged = store.http().adminGet("/api/admin/settings").json();
            assertThat(unchanged.get("channelFees")).isEqualTo(settings.get("channelFees"));
            assertThat(unchanged.get("channelLimits")).isEqualTo(settings.get("channelLimits"));

            assertThat(browser.submit(
                                    "/admin/settings/channels",
                                    "/admin/settings/channels",
                                    sandboxTerms("", "", "", ""))
                            .status())
                    .as("empty fields remove the terms")
                    .isEqualTo(303);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("channelFees")
                            .size())
                    .isZero();
        }
    }
}
