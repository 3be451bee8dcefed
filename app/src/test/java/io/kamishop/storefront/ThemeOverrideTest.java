package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Themes in the data dir: override and fall back, reload without restart, and stay inside the sandbox. */
class ThemeOverrideTest {

    private static TestStore store;
    private static Http http;
    private static long productId;

    // One store for the class (starting one is the slow part); every test names the theme it needs.
    @BeforeAll
    static void start() {
        store = TestStore.start();
        http = store.http();
        productId = store.createProduct("Fallback product", 1200, "CNY");
        store.importKeys(productId, List.of("FB-1"));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private Http.Answer page(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html"), false);
    }

    private Path theme(String name, Map<String, String> files) throws IOException {
        Path root = store.dataDir().resolve("themes").resolve(name);
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        return root;
    }

    /**
     * The home page once it shows {@code text}: a theme folder is looked at again after {@link Themes#RECHECK},
     * so an edit shows within that time (not on the very next view); waits a little past it, never longer.
     */
    private String homeOnceItShows(String text) {
        long deadline = System.nanoTime() + Themes.RECHECK.multipliedBy(3).toNanos();
        String body = page("/").body();
        while (!body.contains(text) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            body = page("/").body();
        }
        return body;
    }

    private void useTheme(String name) {
        assertThat(http.adminPutJson("/api/admin/settings", Map.of("theme", name))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void overrideThemeMissingTemplatesFallsBackToTheDefault() throws IOException {
        theme(
                "partial",
                Map.of(
                        "theme.json",
                                "{\"name\": \"Partial\", \"settings\": {\"accentColor\": {\"type\": \"color\", \"default\": \"#ff0000\"}}}",
                        "templates/home.peb",
                                "{% extends \"layout\" %}{% block content %}<h1 id=\"partial\">PARTIAL HOME</h1>"
                                        + "{% for p in products %}<p>{{ p.name }}</p>{% endfor %}{% endblock %}",
                        "i18n/en.properties", "nav.lookup=Where is my stuff\n"));
        useTheme("partial");

        String home = page("/").body();
        assertThat(home).contains("PARTIAL HOME").contains("Fallback product");
        // The layout, the other strings and the stylesheet come from the default theme.
        assertThat(home)
                .contains("Where is my stuff")
                .contains("Skip to content")
                .contains("/assets/partial/");

        Http.Answer product = page("/products/" + productId);
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.body())
                .contains("id=\"checkout\"")
                .contains("Fallback product")
                .doesNotContain("PARTIAL HOME");
        assertThat(page("/assets/partial/x/css/store.css").status()).isEqualTo(200);

        String settingsCss = page(home.replaceAll("(?s).*href=\"(/assets/partial/[0-9a-f]+/settings\\.css)\".*", "$1"))
                .body();
        assertThat(settingsCss).contains("--accent-color:#ff0000;").contains("--text-color:#111827;");
    }

    @Test
    void aChangedThemeFileShowsWithinASecondWithoutRestart() throws IOException {
        Path root = theme(
                "live",
                Map.of("templates/home.peb", "{% extends \"layout\" %}{% block content %}FIRST VERSION{% endblock %}"));
        useTheme("live");
        assertThat(page("/").body()).contains("FIRST VERSION");

        Files.writeString(
                root.resolve("templates/home.peb"),
                "{% extends \"layout\" %}{% block content %}SECOND, LONGER VERSION{% endblock %}",
                StandardCharsets.UTF_8);
        assertThat(homeOnceItShows("SECOND, LONGER VERSION"))
                .contains("SECOND, LONGER VERSION")
                .doesNotContain("FIRST VERSION");

        Files.delete(root.resolve("templates/home.peb"));
        assertThat(homeOnceItShows("All products")).contains("All products");

        useTheme("default");
        assertThat(page("/").body()).contains("All products").contains("/assets/default/");
    }

    @Test
    void aTemplateCannotCallArbitraryJavaMethods() throws IOException {
        theme(
                "evil",
                Map.of(
                        "templates/home.peb",
                        "{% extends \"layout\" %}{% block content %}[{{ site.getClass().getName() }}]"
                                + "[{{ products[0].getClass().forName('java.lang.Runtime') }}]{% endblock %}"));
        useTheme("evil");

        Http.Answer answer = page("/");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body())
                .contains("Something went wrong")
                .doesNotContain("io.kamishop")
                .doesNotContain("java.lang");

        theme(
                "evil2",
                Map.of(
                        "templates/home.peb",
                        "{% extends \"layout\" %}{% block content %}[{{ site.storeName.getBytes() }}]"
                                + "[{{ site.languages.get(0) }}][{{ site.hashCode() }}]{% endblock %}"));
        useTheme("evil2");
        assertThat(page("/").status()).isEqualTo(500);
    }

    @Test
    void aRunawayTemplateStopsAtTheMaximumRenderedSize() throws IOException {
        theme(
                "runaway",
                Map.of(
                        "templates/home.peb",
                        "{% for i in range(1, 2000) %}{% for j in range(1, 2000) %}0123456789abcdef{% endfor %}{% endfor %}"));
        useTheme("runaway");
        Http.Answer answer = page("/");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body().length()).isLessThan(Theme.MAX_RENDERED_CHARS);
        assertThat(answer.body()).contains("Something went wrong");
    }

    @Test
    void bundledExampleDarkOverridesHomeAndErrorAndInheritsTheRest() {
        useTheme("example-dark");
        String home = page("/").body();
        assertThat(home).contains("id=\"dark-hero\"").contains("Night market").contains("css/dark.css");
        assertThat(page("/no-such-page").body()).contains("id=\"dark-error\"");
        assertThat(page("/products/" + productId).body()).contains("id=\"checkout\"");
        String css = page(home.replaceAll("(?s).*href=\"(/assets/example-dark/[0-9a-f]+/settings\\.css)\".*", "$1"))
                .body();
        assertThat(css).contains("--background-color:#0b1020;");
    }

    @Test
    void aThemeWithABrokenManifestShowsTheDefaultThemeUntilItIsFixed() throws IOException {
        Path root = theme(
                "halfwritten",
                Map.of(
                        "theme.json",
                        "{\"name\": \"Half",
                        "templates/home.peb",
                        "{% extends \"layout\" %}{% block content %}HALF WRITTEN{% endblock %}"));
        useTheme("halfwritten");
        Http.Answer answer = page("/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("All products").doesNotContain("HALF WRITTEN");

        Files.writeString(
                root.resolve("theme.json"), "{\"name\": \"Half written, now whole\"}", StandardCharsets.UTF_8);
        assertThat(homeOnceItShows("HALF WRITTEN")).contains("HALF WRITTEN");
    }

    @Test
    void aThemeTheStoreDoesNotHaveIsRefusedAndOneRemovedAfterwardsShowsTheDefault() throws IOException {
        Http.Answer refused = http.adminPutJson("/api/admin/settings", Map.of("theme", "not-installed"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("theme").contains("not-installed");
        assertThat(http.adminGet("/api/admin/settings").json().get("theme").asText())
                .isNotEqualTo("not-installed");

        // Chosen while it existed, then its folder removed: the store shows the default theme, not an error.
        Path gone = theme("soon-gone", Map.of("theme.json", "{\"name\": \"Soon gone\"}"));
        useTheme("soon-gone");
        Files.delete(gone.resolve("theme.json"));
        Files.delete(gone);
        String body = homeOnceItShows("/assets/default/");
        assertThat(body).contains("All products").contains("/assets/default/");
        useTheme("default");
    }

    @Test
    void aSymlinkedAssetInAnInactiveThemeIsNotServed() throws IOException {
        // Neither active nor with a manifest: the asset route still reaches it by name.
        Path root = theme("linked", Map.of("assets/fine.css", "body{}"));
        Files.createSymbolicLink(root.resolve("assets/key.css"), store.dataDir().resolve("master.key"));
        Files.createSymbolicLink(root.resolve("assets/up"), store.dataDir());

        assertThat(page("/assets/linked/x/fine.css").status()).isEqualTo(200);
        Http.Answer linkedFile = page("/assets/linked/x/key.css");
        assertThat(linkedFile.status()).isEqualTo(404);
        assertThat(linkedFile.body())
                .doesNotContain(
                        Files.readString(store.dataDir().resolve("master.key")).strip());
        assertThat(page("/assets/linked/x/up/master.key").status()).isEqualTo(404);
        assertThat(page("/assets/linked/x/up/kamishop.conf").status()).isEqualTo(404);
    }

    @Test
    void aThemeFolderThatIsALinkIsNoTheme() throws IOException {
        Path outside = Files.createTempDirectory("kamishop-outside-theme");
        try {
            Files.createDirectories(outside.resolve("assets"));
            Files.writeString(outside.resolve("assets/secret.txt"), "OUTSIDE THE THEMES FOLDER");
            Files.createDirectories(store.dataDir().resolve("themes"));
            Files.createSymbolicLink(store.dataDir().resolve("themes/elsewhere"), outside);

            Http.Answer answer = page("/assets/elsewhere/x/secret.txt");
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("OUTSIDE THE THEMES FOLDER");
        } finally {
            Files.deleteIfExists(store.dataDir().resolve("themes/elsewhere"));
            Files.deleteIfExists(outside.resolve("assets/secret.txt"));
            Files.deleteIfExists(outside.resolve("assets"));
            Files.deleteIfExists(outside);
        }
    }
}
