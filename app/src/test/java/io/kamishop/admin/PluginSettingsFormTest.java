package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.SettingDefinition;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A multi-choice plugin setting (API 1.4) on the admin's plugin page, over plain HTTP as a browser
 * without script sends it: one checkbox per option, the ticked ones stored as a comma list, an option
 * that does not exist or a missing CSRF token refused with nothing stored.
 */
class PluginSettingsFormTest {

    private static final String PASSWORD = "plugin form password";
    private static final String PAGE = "/admin/plugins/notify-telegram";
    private static final String BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "merchant", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("merchant", PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    private static Optional<String> stored(TestStore store) {
        return Optional.ofNullable(
                store.app().plugins().settingsStore().stored("notify-telegram").get("events"));
    }

    private static List<Map.Entry<String, String>> form(AdminClient browser, boolean withToken, String... events) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (withToken) {
            fields.add(Map.entry("_csrf", AdminClient.csrfFrom(browser.get(PAGE).body())));
        }
        fields.add(Map.entry("setting.botToken", BOT_TOKEN));
        fields.add(Map.entry("setting.chatId", "-1001234567890"));
        fields.add(Map.entry("setting.apiBase", "https://api.telegram.org"));
        for (String event : events) {
            fields.add(Map.entry("setting.events", event));
        }
        return fields;
    }

    @Test
    void theEventChoiceIsAGroupOfCheckboxesEveryOneTickedByDefault() {
        try (TestStore store = TestStore.start()) {
            String page = signedIn(store).get(PAGE + "?lang=en").body();

            SettingDefinition events = store.app().plugins().schema("notify-telegram").stream()
                    .filter(d -> d.key().equals("events"))
                    .findFirst()
                    .orElseThrow();
            assertThat(events.type()).isEqualTo(SettingDefinition.Type.MULTI_CHOICE);
            assertThat(page).contains("<fieldset class=\"field\" id=\"field-events\"");
            for (String option : events.options()) {
                assertThat(page)
                        .containsPattern("<input type=\"checkbox\" name=\"setting.events\" value=\""
                                + option.replace(".", "\\.") + "\" id=\"setting-events-\\d+\" checked>");
            }
            assertThat(page).doesNotContain("<textarea id=\"setting-events\"");
        }
    }

    @Test
    void theTickedBoxesAreStoredAsACommaListInTheOptionsOrderAndShownTickedAgain() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);

            AdminClient.Page saved =
                    browser.postPairs(PAGE + "/config", form(browser, true, "stock.low", "order.refund_due"));

            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            assertThat(stored(store)).hasValue("order.refund_due,stock.low");
            String page = browser.get(PAGE).body();
            assertThat(page)
                    .containsPattern("value=\"order\\.refund_due\" id=\"setting-events-\\d+\" checked>")
                    .containsPattern("value=\"stock\\.low\" id=\"setting-events-\\d+\" checked>")
                    .containsPattern("value=\"order\\.paid\" id=\"setting-events-\\d+\">");
            assertThat(store.app()
                            .plugins()
                            .settingsStore()
                            .value(
                                    "notify-telegram",
                                    "chatId",
                                    store.app().plugins().schema("notify-telegram")))
                    .hasValue("-1001234567890");
        }
    }

    @Test
    void anOptionThatDoesNotExistIsRefusedAndNothingIsStored() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            assertThat(browser.postPairs(PAGE + "/config", form(browser, true, "order.paid"))
                            .status())
                    .isEqualTo(303);

            AdminClient.Page refused =
                    browser.postPairs(PAGE + "/config", form(browser, true, "order.paid", "order.everything"));

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"error-events\"");
            assertThat(stored(store)).hasValue("order.paid");

            Http.Answer api = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/notify-telegram/config",
                            Map.of("events", "stock.low,order.everything"));
            assertThat(api.status()).as(api.body()).isEqualTo(422);
            assertThat(stored(store)).hasValue("order.paid");

            Http.Answer lines = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/notify-telegram/config", Map.of("events", "stock.low\norder.paid"));
            assertThat(lines.status()).as(lines.body()).isEqualTo(200);
            assertThat(stored(store)).as("stored as the form stores it").hasValue("order.paid,stock.low");
        }
    }

    @Test
    void withoutItsCsrfTokenTheFormIsRefusedAndNothingIsStored() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);

            AdminClient.Page refused = browser.postPairs(PAGE + "/config", form(browser, false, "order.paid"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(stored(store)).isEmpty();
        }
    }

    @Test
    void inChineseTheLabelsAndOptionsAreThePluginsOwnTranslations() {
        try (TestStore store = TestStore.start()) {
            String page = signedIn(store).get(PAGE + "?lang=zh-CN").body();

            assertThat(page)
                    .contains("<legend>提醒的事件</legend>")
                    .contains("> 需要退款</label>")
                    .contains("> 库存不足</label>")
                    .contains("机器人令牌")
                    .contains("Telegram 提醒");
            assertThat(page).doesNotContain("<legend>Events</legend>").doesNotContain("> order.refund_due</label>");
        }
    }
}
