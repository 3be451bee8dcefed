package io.kamishop.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncomingRequestTest {

    private static IncomingRequest withHeader(String acceptLanguage) {
        return new IncomingRequest(
                "GET", "", Map.of("accept-language", List.of(acceptLanguage)), Map.of(), new byte[0], "127.0.0.1");
    }

    @Test
    void theHostsLanguageIsWhatThePluginReads() {
        IncomingRequest request = new IncomingRequest(
                "GET",
                "",
                Map.of("accept-language", List.of("en-US")),
                Map.of(),
                new byte[0],
                "127.0.0.1",
                Locale.SIMPLIFIED_CHINESE);

        assertEquals("zh", request.preferredLanguage().getLanguage());
    }

    @Test
    void withoutTheHostsChoiceTheHeadersHighestWeightBetweenChineseAndEnglishDecides() {
        assertEquals(
                "zh", withHeader("en;q=0.3, zh-TW;q=0.8").preferredLanguage().getLanguage());
        assertEquals(
                "en", withHeader("en-US,en;q=0.9,zh;q=0.8").preferredLanguage().getLanguage());
        // As the storefront does: a language the store does not speak is passed over, not a reason for English.
        assertEquals("zh", withHeader("fr-FR, zh;q=0.5").preferredLanguage().getLanguage());
        assertEquals("en", withHeader("zh;q=0").preferredLanguage().getLanguage());
    }

    @Test
    void aMissingOrMalformedHeaderMeansEnglish() {
        assertEquals("en", withHeader("zh;q=oops").preferredLanguage().getLanguage());
        assertEquals(
                "en",
                new IncomingRequest("POST", "", Map.of(), Map.of(), new byte[0], "127.0.0.1")
                        .preferredLanguage()
                        .getLanguage());
    }
}
