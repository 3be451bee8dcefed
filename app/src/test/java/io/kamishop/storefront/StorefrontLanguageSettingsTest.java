package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.config.StoreSettings;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merchant chooses which storefront languages are offered and which one a browser asking for none gets. */
class StorefrontLanguageSettingsTest {

    private static Http.Answer page(TestStore store, String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(store.http().uri(path)).GET().header("Accept", "text/html");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return store.http().send(request, false);
    }

    @Test
    void onlyOfferedLanguagesAreServedAndTheDefaultCoversTheRest() {
        try (TestStore store = TestStore.start()) {
            // By default both, English for a browser asking for neither.
            assertThat(page(store, "/", "Accept-Language", "fr-FR").body())
                    .contains("<html lang=\"en\">")
                    .contains("data-lang=\"zh-CN\"");

            Http.Answer chineseDefault =
                    store.http().adminPutJson("/api/admin/settings", Map.of("defaultLanguage", "zh-CN"));
            assertThat(chineseDefault.status()).as(chineseDefault.body()).isEqualTo(200);
            assertThat(page(store, "/", "Accept-Language", "fr-FR").body()).contains("<html lang=\"zh-CN\">");
            assertThat(page(store, "/", "Accept-Language", "en-GB").body()).contains("<html lang=\"en\">");

            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("languages", "zh-CN"))
                            .status())
                    .isEqualTo(200);
            String onlyChinese = page(store, "/?lang=en", "Accept-Language", "en-GB", "Cookie", "lang=en")
                    .body();
            assertThat(onlyChinese).contains("<html lang=\"zh-CN\">").doesNotContain("data-lang=\"en\"");

            // An unknown language or an empty list is refused, and nothing is stored.
            Http.Answer refused = store.http()
                    .adminPutJson("/api/admin/settings", Map.of("languages", "en,fr", "storeName", "Changed"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("languages");
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("languages", ""))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("defaultLanguage", "de"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("languages")
                            .asText())
                    .isEqualTo("zh-CN");
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("storeName")
                            .asText())
                    .isNotEqualTo("Changed");
        }
    }

    @Test
    void theSettingsKnowEveryLanguageTheStorefrontSpeaks() {
        assertThat(Languages.ALL.stream().map(Languages.Language::tag).toList())
                .isEqualTo(StoreSettings.SPOKEN_LANGUAGES);
    }
}
