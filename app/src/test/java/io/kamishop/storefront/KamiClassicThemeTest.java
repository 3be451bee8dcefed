package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled kami-classic theme (templates, a stylesheet and strings only, no Java): notice, category tabs and the dense
 * product list on the shelf pages; every other page falls back to the default theme.
 */
class KamiClassicThemeTest {

    private static TestStore store;
    private static Http http;
    private static long productId;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        http = store.http();
        productId = store.createProduct("Steam 50", 4850, "CNY");
        assertThat(http.adminPutJson("/api/admin/products/" + productId, Map.of("category", "Game cards"))
                        .status())
                .isEqualTo(200);
        store.importKeys(productId, List.of("KC-1", "KC-2"));
        long soldOut = store.createProduct("Old licence", 100, "CNY");
        assertThat(http.adminPutJson("/api/admin/products/" + soldOut, Map.of("category", "Software"))
                        .status())
                .isEqualTo(200);
        assertThat(http.adminPutJson("/api/admin/settings", Map.of("theme", "kami-classic"))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private Http.Answer page(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html"), false);
    }

    @Test
    void homeShowsTheNoticeCategoryTabsAndOneDenseRowPerProductInChineseFirst() {
        String home = page("/?lang=zh-CN").body();
        assertThat(home).contains("id=\"kami-notice\"").contains("公告").contains("付款成功后自动发货");
        assertThat(home)
                .contains("class=\"categories\"")
                .contains(">Game cards</a>")
                .contains(">Software</a>");
        assertThat(home)
                .contains("<table class=\"kami-list\" id=\"products\">")
                .contains(">商品名称</th>")
                .contains(">库存</th>");
        String steamRow = home.substring(home.indexOf("data-product=\"" + productId + "\""));
        steamRow = steamRow.substring(0, steamRow.indexOf("</tr>"));
        assertThat(steamRow)
                .contains("Steam 50")
                .contains("¥48.50")
                .contains("class=\"button kami-buy\"")
                .contains(">购买</a>");
        assertThat(home).contains("class=\"kami-soldout\"");
        assertThat(home).contains("/assets/kami-classic/").contains("/css/kami.css");

        assertThat(page("/?lang=en").body())
                .contains(">Notice</h2>")
                .contains(">Buy</a>")
                .contains("aria-label=\"Buy Steam 50\"");
    }

    @Test
    void aMerchantsAnnouncementTakesTheNoticeBoard() {
        assertThat(http.adminPutJson("/api/admin/settings", Map.of("announcement", "春节期间正常发货"))
                        .status())
                .isEqualTo(200);
        try {
            String home = page("/?lang=zh-CN").body();
            String notice = home.substring(home.indexOf("id=\"kami-notice\""));
            assertThat(notice.substring(0, notice.indexOf("</section>")))
                    .contains("春节期间正常发货")
                    .doesNotContain("付款成功后自动发货");
        } finally {
            http.adminPutJson("/api/admin/settings", Map.of("announcement", ""));
        }
    }

    @Test
    void productAndOrderPagesFallBackToTheDefaultThemeInTheThemesColours() {
        Http.Answer product = page("/products/" + productId + "?lang=zh-CN");
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.body())
                .contains("id=\"checkout\"")
                .contains("Steam 50")
                .contains("/assets/kami-classic/")
                .doesNotContain("kami-notice");

        JsonNode order = store.order(productId, 1).json();
        Http.Answer orderPage = http.openOrder("/orders/" + order.get("orderNo").asText() + "?token="
                + order.get("lookupToken").asText());
        assertThat(orderPage.status()).isEqualTo(200);
        assertThat(orderPage.body()).contains(order.get("orderNo").asText()).contains("data-status=\"pending\"");

        // The default theme's stylesheet and script are served under the theme's own asset path.
        String css =
                orderPage.body().replaceAll("(?s).*href=\"(/assets/kami-classic/[0-9a-f]+/settings\\.css)\".*", "$1");
        assertThat(page(css).body()).contains("--accent-color:#b42318;").contains("--notice-color:#fff7e8;");
        assertThat(page("/assets/kami-classic/x/css/store.css").status()).isEqualTo(200);
    }

    @Test
    void itIsListedAsABundledTheme() {
        JsonNode theme = http.adminGet("/api/admin/themes/kami-classic").json();
        assertThat(theme.get("source").asText()).isEqualTo("bundled");
        assertThat(theme.get("settings").findValuesAsText("key")).contains("accentColor", "noticeColor", "logo");
    }
}
