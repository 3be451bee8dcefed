package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The theme page ({@code /admin/settings/theme}) changes what the theme API and the settings API change, by the same
 * rules: the active theme is the store setting {@code theme}, a theme's colours and logo are the theme API's use case.
 */
class ThemePageTest {

    private static final String PASSWORD = "theme page password";
    private static final String PAGE = "/admin/settings/theme";

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    private static String activeTheme(TestStore store) {
        return store.http().adminGet("/api/admin/settings").json().get("theme").asText();
    }

    /** A setting's value as the theme API answers it. */
    private static String apiValue(TestStore store, String theme, String key) {
        for (JsonNode s :
                store.http().adminGet("/api/admin/themes/" + theme).json().get("settings")) {
            if (s.get("key").asText().equals(key)) {
                return s.get("value").asText();
            }
        }
        throw new AssertionError("theme " + theme + " has no setting " + key);
    }

    private static String storefront(TestStore store) {
        Http http = store.http();
        return http.send(HttpRequest.newBuilder(http.uri("/")).GET().header("Accept", "text/html"), false)
                .body();
    }

    @Test
    void listsTheBundledAndDataDirThemesMarksTheActiveOneAndDrawsItsSettingsForm() throws IOException {
        try (TestStore store = TestStore.start()) {
            Path mine = store.dataDir().resolve("themes/mine");
            Files.createDirectories(mine);
            Files.writeString(mine.resolve("theme.json"), "{\"name\": \"Mine\", \"version\": \"2.1.0\"}");
            AdminClient browser = signedIn(store);

            assertThat(browser.get("/admin/settings").body())
                    .contains("<a href=\"/admin/settings/theme\" id=\"theme-settings-link\">");
            String page = browser.get(PAGE + "?lang=en").body();
            assertThat(page)
                    .contains("id=\"theme-row-default\"")
                    .contains("id=\"theme-row-example-dark\"")
                    .contains("id=\"theme-row-kami-classic\"")
                    .contains("id=\"theme-row-mine\"")
                    .contains("In the data directory's themes folder".replace("'", "&#39;"))
                    .contains(
                            "<input type=\"radio\" name=\"theme\" value=\"default\" id=\"theme-choice-default\" checked>")
                    .contains("<input type=\"radio\" name=\"theme\" value=\"mine\" id=\"theme-choice-mine\">")
                    // The active theme's settings, one labelled control each, a colour as a colour picker.
                    .contains("action=\"/admin/settings/theme/default\"")
                    .contains("<label for=\"setting-accentColor\">Accent colour (buttons, links)</label>")
                    .contains("<input type=\"color\" id=\"setting-accentColor\" name=\"setting.accentColor\""
                            + " value=\"#1d4ed8\">")
                    .contains("<label for=\"setting-logo\">Logo</label>");
            // Another theme's settings, by its link.
            assertThat(browser.get(PAGE + "?theme=example-dark").body())
                    .contains("action=\"/admin/settings/theme/example-dark\"")
                    .contains("id=\"theme-not-active\"")
                    .contains("value=\"#f59e0b\"");
            assertThat(browser.get(PAGE + "?theme=no-such-theme").status()).isEqualTo(404);
        }
    }

    /** The storefront then shows the default theme; the page must still open, so another theme can be chosen. */
    @Test
    void whenTheActiveThemesFolderIsGoneThePageShowsTheDefaultThemeToChooseAnother() throws IOException {
        try (TestStore store = TestStore.start()) {
            Path gone = store.dataDir().resolve("themes/gone");
            Files.createDirectories(gone);
            Files.writeString(gone.resolve("theme.json"), "{\"name\": \"Soon gone\"}");
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("theme", "gone"))
                            .status())
                    .isEqualTo(200);
            Files.delete(gone.resolve("theme.json"));
            Files.delete(gone);
            AdminClient browser = signedIn(store);

            AdminClient.Page page = browser.get(PAGE);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .doesNotContain("id=\"theme-row-gone\"")
                    .doesNotContain(" checked>")
                    .contains("action=\"/admin/settings/theme/default\"");
            assertThat(browser.submit(PAGE, PAGE, Map.of("theme", "default")).status())
                    .isEqualTo(303);
            assertThat(activeTheme(store)).isEqualTo("default");
        }
    }

    @Test
    void choosingAThemeOnThePageSwitchesTheStorefrontsTheme() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            assertThat(storefront(store)).doesNotContain("/assets/example-dark/");
            // The admin's CSRF rule, as on every admin form.
            assertThat(browser.postForm(PAGE, Map.of("theme", "example-dark")).status())
                    .isEqualTo(403);
            assertThat(activeTheme(store)).isEqualTo("default");

            AdminClient.Page chosen = browser.submit(PAGE, PAGE, Map.of("theme", "example-dark"));
            assertThat(chosen.status()).isEqualTo(303);
            assertThat(chosen.header("Location")).isEqualTo(PAGE + "?ok=theme_chosen");

            assertThat(activeTheme(store)).isEqualTo("example-dark");
            assertThat(storefront(store)).contains("/assets/example-dark/");
            assertThat(browser.get(PAGE).body())
                    .contains("value=\"example-dark\" id=\"theme-choice-example-dark\" checked>")
                    .contains("action=\"/admin/settings/theme/example-dark\"")
                    .doesNotContain("id=\"theme-not-active\"");
        }
    }

    @Test
    void aThemeTheStoreDoesNotHaveIsRefusedOnThePageAndChangesNothing() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);

            AdminClient.Page refused = browser.submit(PAGE, PAGE, Map.of("theme", "no-such-theme"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body())
                    .contains("id=\"error-theme\"")
                    .contains("there is no theme &#39;no-such-theme&#39;")
                    .contains("aria-describedby=\"error-theme\"")
                    // The form comes back with the theme that is still active.
                    .contains("value=\"default\" id=\"theme-choice-default\" checked>");
            assertThat(browser.submit(PAGE, PAGE, Map.of("theme", "../default")).status())
                    .isEqualTo(422);
            assertThat(activeTheme(store)).isEqualTo("default");
            // The settings API refuses it by the same check.
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("theme", "no-such-theme"))
                            .status())
                    .isEqualTo(422);
        }
    }

    @Test
    void aColourSavedOnThePageIsWhatTheThemeApiAnswers() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            String form = PAGE + "?theme=example-dark";

            AdminClient.Page saved = browser.submit(
                    form, PAGE + "/example-dark", Map.of("setting.accentColor", "#00aa55", "setting.logo", ""));
            assertThat(saved.status()).isEqualTo(303);
            assertThat(saved.header("Location")).isEqualTo(PAGE + "?theme=example-dark&ok=saved");

            assertThat(apiValue(store, "example-dark", "accentColor")).isEqualTo("#00aa55");
            assertThat(apiValue(store, "example-dark", "textColor")).isEqualTo("#e5e7eb"); // not posted, not changed
            assertThat(browser.get(form).body())
                    .contains("<input type=\"color\" id=\"setting-accentColor\" name=\"setting.accentColor\""
                            + " value=\"#00aa55\">");
            assertThat(browser.postForm(PAGE + "/example-dark", Map.of("setting.accentColor", "#111111"))
                            .status())
                    .isEqualTo(403);
            assertThat(browser.submit(form, PAGE + "/no-such-theme", Map.of("setting.accentColor", "#111111"))
                            .status())
                    .isEqualTo(404);
            assertThat(apiValue(store, "example-dark", "accentColor")).isEqualTo("#00aa55");
        }
    }

    /** One policy behind both doors: what the API refuses, the page refuses, with the same words, storing nothing. */
    @Test
    void anInvalidColourOrAssetIsRefusedOnThePageAndOnTheApiByTheSameRuleAndChangesNothing() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("accentColor", "red;}body{display:none");
            bad.put("logo", "../../master.key");
            bad.put("textColor", "#ffffff"); // valid, and not stored either: all or nothing

            Http.Answer api = store.http().adminPutJson("/api/admin/themes/example-dark/settings", bad);
            assertThat(api.status()).isEqualTo(422);
            JsonNode apiProblems = api.json().get("error").get("fields");

            Map<String, String> posted = new LinkedHashMap<>();
            bad.forEach((key, value) -> posted.put("setting." + key, value));
            AdminClient.Page refused = browser.submit(PAGE + "?theme=example-dark", PAGE + "/example-dark", posted);
            assertThat(refused.status()).isEqualTo(422);
            String body = refused.body().replace("&#39;", "'");
            assertThat(body)
                    .contains("<span class=\"field-error\" id=\"error-accentColor\">"
                            + apiProblems.get("accentColor").asText() + "</span>")
                    .contains("<span class=\"field-error\" id=\"error-logo\">"
                            + apiProblems.get("logo").asText() + "</span>")
                    .doesNotContain("id=\"error-textColor\"")
                    // What was typed comes back to be corrected, escaped, in a text field (a picker cannot show it).
                    .contains("<input type=\"text\" id=\"setting-accentColor\" name=\"setting.accentColor\""
                            + " value=\"red;}body{display:none\"")
                    .contains("value=\"../../master.key\"");
            assertThat(apiProblems.get("accentColor").asText()).contains("colour");

            assertThat(apiValue(store, "example-dark", "accentColor")).isEqualTo("#f59e0b");
            assertThat(apiValue(store, "example-dark", "logo")).isEmpty();
            assertThat(apiValue(store, "example-dark", "textColor")).isEqualTo("#e5e7eb");
        }
    }
}
