package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.TestStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegramSettingsPageTest {

    private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    @Test
    void theBotIsSwitchedOnFromTheSettingsPageWithItsTokenNeverShownAgain() {
        try (TestStore store = TestStore.start()) {
            store.http()
                    .adminPostJson(
                            "/api/admin/users", Map.of("username", "desk", "password", "telegram page password"));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("desk", "telegram page password").status())
                    .isEqualTo(303);
            String path = "/admin/settings/telegram";
            assertThat(browser.get("/admin/settings").body()).contains("id=\"telegram-settings-link\"");
            assertThat(browser.postForm(path, Map.of("enabled", "on", "botToken", TOKEN))
                            .status())
                    .isEqualTo(403); // no CSRF token

            AdminClient.Page refused =
                    browser.submit(path, path, Map.of("enabled", "on", "merchantChatId", "me", "mode", "polling"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body())
                    .contains("id=\"error-telegram-botToken\"")
                    .contains("id=\"error-telegram-merchantChatId\"");

            AdminClient.Page saved = browser.submit(
                    path,
                    path,
                    Map.of(
                            "enabled",
                            "on",
                            "botToken",
                            TOKEN,
                            "merchantChatId",
                            "-100123",
                            "mode",
                            "polling",
                            "apiBase",
                            ""));
            assertThat(saved.status()).isEqualTo(303);
            String page = browser.get(path).body();
            assertThat(page)
                    .contains("id=\"telegram-token-set\"")
                    .contains("-100123")
                    .doesNotContain("AAHdqTcv");
            JsonNode view = store.http().adminGet("/api/admin/telegram").json();
            assertThat(view.path("enabled").asBoolean()).isTrue();
            assertThat(view.path("botToken").asText()).isEqualTo("********");
            String stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT value FROM settings WHERE scope = 'telegram' AND name = 'botToken'")
                            .mapTo(String.class)
                            .one());
            assertThat(stored).isNotBlank().doesNotContain("AAHdqTcv");

            // An empty token field keeps the stored token; unticking switches the bot off.
            assertThat(browser.submit(
                                    path, path, Map.of("botToken", "", "merchantChatId", "-100123", "mode", "polling"))
                            .status())
                    .isEqualTo(303);
            view = store.http().adminGet("/api/admin/telegram").json();
            assertThat(view.path("enabled").asBoolean()).isFalse();
            assertThat(view.path("botToken").asText()).isEqualTo("********");
            // Drawn from the schema as every settings form: the token shows only the mask, which sent back keeps
            // it; the box is the partial's (a hidden "false" before it), and the mode is a choice of the two.
            String form = browser.get(path).body();
            assertThat(form)
                    .contains("<input type=\"password\" id=\"telegram-token\" name=\"botToken\" value=\"********\"")
                    .contains("<input type=\"hidden\" name=\"enabled\" value=\"false\">")
                    .contains("<select id=\"telegram-mode\" name=\"mode\">");
            assertThat(browser.submit(
                                    path,
                                    path,
                                    Map.of(
                                            "enabled",
                                            "true",
                                            "botToken",
                                            "********",
                                            "merchantChatId",
                                            "-100123",
                                            "mode",
                                            "polling"))
                            .status())
                    .isEqualTo(303);
            view = store.http().adminGet("/api/admin/telegram").json();
            assertThat(view.path("enabled").asBoolean()).isTrue();
            assertThat(view.path("botToken").asText()).isEqualTo("********");
            String storedAfter = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT value FROM settings WHERE scope = 'telegram' AND name = 'botToken'")
                            .mapTo(String.class)
                            .one());
            assertThat(storedAfter).isEqualTo(stored);
            assertThat(browser.header("Accept-Language", "zh-CN").get(path).body())
                    .contains("Telegram 商店机器人");
        }
    }

    @Test
    void movingTheApiBaseElsewhereNeedsTheTokenEnteredAgain() {
        try (TestStore store = TestStore.start()) {
            String path = "/api/admin/telegram";
            assertThat(store.http()
                            .adminPutJson(path, Map.of("botToken", TOKEN, "mode", "polling"))
                            .status())
                    .isEqualTo(200);
            var moved = store.http()
                    .adminPutJson(path, Map.of("botToken", "********", "apiBase", "https://collector.example"));
            assertThat(moved.status()).as(moved.body()).isEqualTo(422);
            assertThat(moved.body()).contains("enter it again");
            assertThat(store.http()
                            .adminPutJson(path, Map.of("apiBase", "https://collector.example"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http().adminGet(path).json().path("apiBase").asText())
                    .isEqualTo("https://api.telegram.org");
            // The same base (a trailing slash aside) keeps the masked token; a re-entered token may go to a new one.
            assertThat(store.http()
                            .adminPutJson(path, Map.of("botToken", "********", "apiBase", "https://api.telegram.org/"))
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPutJson(path, Map.of("botToken", TOKEN, "apiBase", "https://relay.example"))
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPutJson(path, Map.of("apiBase", "ftp://relay.example"))
                            .status())
                    .isEqualTo(422);
        }
    }
}
