package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.storefront.view.CashierView;
import io.kamishop.storefront.view.LanguageLink;
import io.kamishop.storefront.view.Site;
import io.kamishop.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's own cashier page (QR and form channels) speaks the buyer's language and leads back to the order and the shop. */
class CashierPageTest {

    @TempDir
    Path themes;

    @Test
    void theCashierSpeaksTheBuyersLanguageAndLinksBackToTheOrderAndTheShop() throws Exception {
        Theme theme = new Themes(Files.createDirectories(themes.resolve("themes")), Json.mapper()).get(Themes.DEFAULT);
        Locale chinese = Locale.forLanguageTag("zh-CN");
        CashierView cashier = new CashierView(
                "20261206000009",
                Prices.format(990, "CNY", chinese),
                "weixin://pay?x=9",
                null,
                "/orders/20261206000009?token=t",
                null,
                null);

        String zh = theme.render("cashier", Map.of("site", site(theme, "zh-CN"), "cashier", cashier), chinese);
        String en = theme.render("cashier", Map.of("site", site(theme, "en"), "cashier", cashier), Locale.ENGLISH);

        assertThat(zh)
                .contains("<html lang=\"zh-CN\">")
                .contains("支付订单")
                .contains("我已付款，查看订单")
                .contains("返回商店")
                .doesNotContain("Pay for your order");
        assertThat(en)
                .contains("Pay for your order")
                .contains("I have paid: show my order")
                .contains("Back to the shop");
        for (String page : List.of(zh, en)) {
            assertThat(page)
                    .contains("id=\"cashier-order\" href=\"/orders/20261206000009?token=t\"")
                    .contains("id=\"cashier-shop\" href=\"/\"");
        }
    }

    private static Site site(Theme theme, String lang) {
        return new Site(
                "Store",
                lang,
                "default",
                List.of(new LanguageLink(lang, lang, "/?lang=" + lang, true)),
                List.of(theme.assetUrl("css/store.css")),
                theme.assetUrl("js/store.js"),
                null);
    }
}
