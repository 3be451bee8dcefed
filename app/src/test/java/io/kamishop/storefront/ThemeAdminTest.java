package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The merchant's theme API: list themes, change a theme's colours and logo, refuse what is not valid. */
class ThemeAdminTest {

    private static TestStore store;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        store = TestStore.start();
        http = store.http();
        Path mine = store.dataDir().resolve("themes/mine");
        Files.createDirectories(mine.resolve("assets/img"));
        Files.writeString(
                mine.resolve("theme.json"), "{\"name\": \"Mine\", \"version\": \"2.1.0\", \"author\": \"A merchant\"}");
        Files.writeString(mine.resolve("assets/img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static Http.Answer page(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html"), false);
    }

    private static String settingsCss(String theme) {
        Matcher m = Pattern.compile("href=\"(/assets/" + theme + "/[0-9a-f]{16}/settings\\.css)\"")
                .matcher(page("/").body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void listsBundledAndDataDirThemesWithTheirSettings() {
        JsonNode list = http.adminGet("/api/admin/themes").json();
        Map<String, JsonNode> byName = new HashMap<>();
        list.forEach(t -> byName.put(t.get("name").asText(), t));
        assertThat(byName).containsKeys("default", "example-dark", "mine");
        assertThat(byName.get("mine").get("source").asText()).isEqualTo("data-dir");
        assertThat(byName.get("mine").get("version").asText()).isEqualTo("2.1.0");
        assertThat(byName.get("example-dark").get("source").asText()).isEqualTo("bundled");
        // An override theme inherits the default theme's settings it does not declare.
        assertThat(byName.get("mine").get("settings").findValuesAsText("key")).contains("accentColor", "logo");
        JsonNode accent = byName.get("example-dark").get("settings").get(0);
        assertThat(accent.get("key").asText()).isEqualTo("accentColor");
        assertThat(accent.get("default").asText()).isEqualTo("#f59e0b");

        assertThat(http.get("/api/admin/themes").status()).isEqualTo(401);
        assertThat(http.adminGet("/api/admin/themes/nope").errorCode()).isEqualTo("theme_not_found");
    }

    @Test
    void aChosenColourAndLogoShowOnTheNextPageAndResetToTheDefault() {
        assertThat(http.adminPutJson("/api/admin/settings", Map.of("theme", "mine"))
                        .status())
                .isEqualTo(200);
        String before = settingsCss("mine");

        Http.Answer changed = http.adminPutJson(
                "/api/admin/themes/mine/settings", Map.of("accentColor", "#00aa55", "logo", "img/logo.svg"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("settings").toString()).contains("\"value\":\"#00aa55\"");

        String after = settingsCss("mine");
        assertThat(after).isNotEqualTo(before);
        assertThat(page(after).body()).contains("--accent-color:#00aa55;");
        assertThat(page("/").body()).contains("<img src=\"/assets/mine/").contains("/img/logo.svg\"");

        Map<String, Object> reset = new HashMap<>();
        reset.put("accentColor", null);
        assertThat(http.adminPutJson("/api/admin/themes/mine/settings", reset).status())
                .isEqualTo(200);
        assertThat(page(settingsCss("mine")).body()).contains("--accent-color:#1d4ed8;");
        assertThat(http.adminPutJson("/api/admin/settings", Map.of("theme", "default"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void invalidThemeSettingsAreRefusedAndStoreNothing() {
        Http.Answer bad = http.adminPutJson(
                "/api/admin/themes/example-dark/settings",
                Map.of(
                        "accentColor",
                        "red;}body{display:none",
                        "logo",
                        "../../master.key",
                        "noSuchSetting",
                        "x",
                        "textColor",
                        "#ffffff"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorCode()).isEqualTo("invalid_theme_settings");
        assertThat(bad.json().get("error").get("fields").has("accentColor")).isTrue();
        assertThat(bad.json().get("error").get("fields").has("logo")).isTrue();
        assertThat(bad.json().get("error").get("fields").has("noSuchSetting")).isTrue();
        // The valid value in the same request was not stored either.
        JsonNode theme = http.adminGet("/api/admin/themes/example-dark").json();
        theme.get("settings").forEach(s -> {
            if (s.get("key").asText().equals("textColor")) {
                assertThat(s.get("value").asText()).isEqualTo("#e5e7eb");
            }
        });
        assertThat(http.adminPutJson("/api/admin/themes/example-dark/settings", "[1,2]")
                        .status())
                .isEqualTo(400);
    }
}
