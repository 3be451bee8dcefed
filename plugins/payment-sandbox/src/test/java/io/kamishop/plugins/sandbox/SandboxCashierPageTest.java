package io.kamishop.plugins.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox cashier speaks the buyer's language as the store decided it, as a real gateway's page would. */
class SandboxCashierPageTest {

    private static IncomingRequest cashier(String acceptLanguage) {
        return cashier(acceptLanguage, null);
    }

    /** The cashier as the host forwards it: with the language the storefront chose for this buyer. */
    private static IncomingRequest cashier(String acceptLanguage, Locale chosenByTheStore) {
        Map<String, List<String>> headers =
                acceptLanguage == null ? Map.of() : Map.of("accept-language", List.of(acceptLanguage));
        Map<String, List<String>> params = Map.of(
                "orderNo",
                List.of("K123"),
                "amount",
                List.of("1250"),
                "currency",
                List.of("CNY"),
                "subject",
                List.of("<Game> key"),
                "t",
                List.of("tok"));
        return new IncomingRequest("GET", "cashier", headers, params, new byte[0], "127.0.0.1", chosenByTheStore);
    }

    private static String html(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aBrowserPreferringChineseGetsTheChineseCashier() {
        String page = html(SandboxCashierPage.render(cashier("zh-CN,zh;q=0.9,en;q=0.8")));

        assertTrue(page.contains("<html lang=\"zh-CN\">"), page);
        assertTrue(page.contains("支付 12.50 CNY"), page);
        assertTrue(page.contains("订单号 <code>K123</code>"), page);
        assertTrue(page.contains("&lt;Game&gt; key"), "the subject stays escaped");
        assertFalse(page.contains("Test payments only"), page);
    }

    @Test
    void theStoresChoiceWinsOverTheBrowsersHeader() {
        // A buyer who switched the storefront to Chinese in an English browser stays in Chinese at the cashier.
        String page = html(SandboxCashierPage.render(cashier("en-US,en;q=0.9", Locale.SIMPLIFIED_CHINESE)));

        assertTrue(page.contains("<html lang=\"zh-CN\">"), page);
        assertEquals(SandboxCashierPage.ENGLISH, SandboxCashierPage.wordsFor(cashier("zh-CN", Locale.US)));
    }

    @Test
    void withoutTheStoresChoiceTheBrowsersHeaderDecides() {
        assertEquals(SandboxCashierPage.CHINESE, SandboxCashierPage.wordsFor(cashier("en;q=0.3, zh-TW;q=0.8")));
        assertEquals(SandboxCashierPage.ENGLISH, SandboxCashierPage.wordsFor(cashier("en-US,en;q=0.9,zh;q=0.8")));
        assertEquals(SandboxCashierPage.ENGLISH, SandboxCashierPage.wordsFor(cashier("zh;q=oops")));
        assertEquals(SandboxCashierPage.ENGLISH, SandboxCashierPage.wordsFor(cashier(null)));
    }

    @Test
    void aRefusalIsWordedInTheBuyersLanguageToo() {
        WebResponse refused = SandboxCashierPage.failure(cashier("zh-CN"), 409, "order expired");

        assertEquals(409, refused.status());
        assertTrue(html(refused).contains("付款未被接受"), html(refused));
        assertTrue(html(refused).contains("商店的答复（409）：order expired"), html(refused));
    }
}
