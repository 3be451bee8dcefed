package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's settings page is drawn from the settings' schema, as a plugin's is: each type its own control. */
class StoreSettingsFormTest {

    private static final String PASSWORD = "store settings form password";

    @Test
    void eachSettingIsDrawnAsItsTypeAndAnUntickedBoxTurnsASettingOff() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);

            String form = browser.get("/admin/settings?lang=en").body();
            assertThat(form)
                    .contains("<input type=\"number\" id=\"orderHoldMinutes\" name=\"orderHoldMinutes\" value=\"15\""
                            + " min=\"1\" max=\"1440\">")
                    .contains(
                            "<input type=\"hidden\" name=\"showStockCount\" value=\"false\">"
                                    + "<input type=\"checkbox\" id=\"showStockCount\" name=\"showStockCount\" value=\"true\" checked>")
                    .contains("<select id=\"defaultLanguage\" name=\"defaultLanguage\">")
                    .contains("<code>KAMISHOP_STORE_NAME</code>");
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("showStockCount")
                            .asBoolean())
                    .isTrue();

            // An unticked box sends only the hidden "false" before it.
            String csrf = AdminClient.csrfFrom(form);
            AdminClient.Page saved = browser.postPairs(
                    "/admin/settings", List.of(Map.entry("_csrf", csrf), Map.entry("showStockCount", "false")));
            assertThat(saved.status()).isEqualTo(303);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("showStockCount")
                            .asBoolean())
                    .isFalse();

            // A number outside its range comes back on its field with the rule, and nothing is stored.
            AdminClient.Page refused = browser.postPairs(
                    "/admin/settings",
                    List.of(
                            Map.entry("_csrf", csrf),
                            Map.entry("orderHoldMinutes", "1441"),
                            Map.entry("showStockCount", "false"),
                            Map.entry("showStockCount", "true")));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body())
                    .contains("id=\"error-orderHoldMinutes\"")
                    .contains("must be a whole number of minutes from 1 to 1440");
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("showStockCount")
                            .asBoolean())
                    .isFalse();
        }
    }

    /** The settings page and the settings API ask the same question: a theme the store does not have is refused. */
    @Test
    void aThemeTheStoreDoesNotHaveIsRefusedOnThePageAsInTheApi() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);
            String csrf =
                    AdminClient.csrfFrom(browser.get("/admin/settings?lang=en").body());

            AdminClient.Page refused = browser.postPairs(
                    "/admin/settings", List.of(Map.entry("_csrf", csrf), Map.entry("theme", "no-such-theme")));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("no-such-theme");
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("theme", "no-such-theme"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("theme")
                            .asText())
                    .isEqualTo("default");

            AdminClient.Page bundled = browser.postPairs(
                    "/admin/settings", List.of(Map.entry("_csrf", csrf), Map.entry("theme", "kami-classic")));
            assertThat(bundled.status()).isEqualTo(303);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("theme")
                            .asText())
                    .isEqualTo("kami-classic");
        }
    }
}
