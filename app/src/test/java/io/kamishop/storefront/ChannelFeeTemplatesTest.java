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

/**
 * The default theme's cashier page (shown for QR and form channels) says which part of the amount is the
 * channel's fee, in both languages, and says nothing of a fee when there is none.
 */
class ChannelFeeTemplatesTest {

    @TempDir
    Path themes;

    @Test
    void theCashierPageShowsTheFeeIncludedInTheAmountInBothLanguages() throws Exception {
        Theme theme = new Themes(Files.createDirectories(themes.resolve("themes")), Json.mapper()).get(Themes.DEFAULT);
        Site site = new Site(
                "Store",
                "en",
                "default",
                List.of(new LanguageLink("en", "English", "/?lang=en", true)),
                List.of(theme.assetUrl("css/store.css")),
                theme.assetUrl("js/store.js"),
                null);
        Locale chinese = Locale.forLanguageTag("zh-CN");
        CashierView withFee = new CashierView(
                "20261206000001",
                Prices.format(1030, "CNY", Locale.ENGLISH),
                "weixin://pay?x=1",
                null,
                "/orders/20261206000001?token=t",
                null,
                Prices.format(30, "CNY", Locale.ENGLISH));
        CashierView withFeeZh = new CashierView(
                "20261206000001",
                Prices.format(1030, "CNY", chinese),
                "weixin://pay?x=1",
                null,
                "/orders/20261206000001?token=t",
                null,
                Prices.format(30, "CNY", chinese));
        CashierView noFee = new CashierView(
                "20261206000002",
                Prices.format(1000, "CNY", Locale.ENGLISH),
                "weixin://pay?x=2",
                null,
                "/orders/20261206000002?token=t",
                null,
                null);

        assertThat(theme.render("cashier", Map.of("site", site, "cashier", withFee), Locale.ENGLISH))
                .contains("CN¥10.30")
                .contains("id=\"cashier-fee\"")
                .contains("includes a payment fee of CN¥0.30");
        assertThat(theme.render("cashier", Map.of("site", site, "cashier", withFeeZh), chinese))
                .contains("¥10.30")
                .contains("含支付手续费 ¥0.30");
        assertThat(theme.render("cashier", Map.of("site", site, "cashier", noFee), Locale.ENGLISH))
                .contains("CN¥10.00")
                .doesNotContain("cashier-fee");
    }
}
