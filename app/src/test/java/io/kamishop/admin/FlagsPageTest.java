package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature flags page: per-arm counts, the API's checks behind the form, CSRF, both languages. */
class FlagsPageTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static Map<String, String> form(String key, String percent, String channel, String targets) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("key", key);
        form.put("description", "sandbox for half the buyers");
        form.put("rolloutPercent", percent);
        form.put("channel", channel);
        form.put("targets", targets);
        form.put("enabled", "on");
        return form;
    }

    @Test
    void theMerchantCreatesAFlagSeesItsArmsAndBadValuesChangeNothing() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "owner", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("owner", PASSWORD).status()).isEqualTo(303);

            AdminClient.Page saved = browser.submit(
                    "/admin/flags",
                    "/admin/flags",
                    form("sandbox-beta", "100", "sandbox", "{\"deny\": {\"languages\": [\"fr\"]}}"));
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            long product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(product, java.util.List.of("K1", "K2"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "T-1");
            store.order(product, 1);

            AdminClient.Page english = browser.get("/admin/flags?lang=en");
            assertThat(english.body())
                    .contains("data-flag=\"sandbox-beta\"", "Off arm", "placed 2 · paid 1", "placed 0 · paid 0");
            assertThat(browser.get("/admin/flags?lang=zh-CN").body()).contains("功能开关", "开启组", "下单 2 · 已付款 1");

            AdminClient.Page refused =
                    browser.submit("/admin/flags", "/admin/flags", form("sandbox-beta", "150", "sandbox", ""));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"error-flag-rolloutPercent\"");
            assertThat(browser.submit("/admin/flags", "/admin/flags", form("sandbox-beta", "10", "sandbox", "{nope"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/flags/sandbox-beta")
                            .json()
                            .get("rolloutPercent")
                            .asInt())
                    .isEqualTo(100);
        }
    }
}
