package io.kamishop.plugins.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class QrCashierPageTest {

    private static final QrCashierPage.Wallet ALIPAY =
            new QrCashierPage.Wallet("Alipay", "支付宝 Alipay", "Alipay QR code", "Scan with the Alipay app", "alipay");

    @Test
    void thePageCarriesNoInlineStyleOrScriptSoTheStoresPolicyHolds() {
        String page = QrCashierPage.render(
                ALIPAY, Locale.US, "K-1", "12.00", "Game key", "https://qr.alipay.com/x", "https://shop.example/o");

        assertThat(page)
                .doesNotContain("<style", "style=", "<script")
                .contains("<link rel=\"stylesheet\" href=\"qr-cashier.css\">")
                .contains(
                        "<main class=\"cashier alipay\">", "<svg", "支付宝 Alipay", "12.00 CNY", "https://shop.example/o");
        assertThat(QrCashierPage.invalidLink(Locale.US)).doesNotContain("<style", "style=");
    }

    @Test
    void whatTheLinkCarriesIsEscaped() {
        String page = QrCashierPage.render(
                QrCashierPage.Wallet.named("<b>QQ</b>"),
                Locale.US,
                "K-1",
                "1",
                "<script>x</script>",
                "q",
                "https://shop.example/o?a=1&b=2");

        assertThat(page).doesNotContain("<script>", "<b>").contains("&lt;script&gt;", "a=1&amp;b=2");
    }

    @Test
    void theCashierSpeaksTheBuyersLanguage() {
        String chinese = QrCashierPage.render(
                ALIPAY, Locale.SIMPLIFIED_CHINESE, "K-1", "12.00", "Game key", "q", "https://shop.example/o");
        String english =
                QrCashierPage.render(ALIPAY, Locale.US, "K-1", "12.00", "Game key", "q", "https://shop.example/o");

        assertThat(chinese)
                .contains("<html lang=\"zh-CN\">", "订单号 <code>K-1</code>", "我已付款：查看我的订单")
                .doesNotContain("I have paid", ">Order ");
        assertThat(english)
                .contains("<html lang=\"en\">", "Order <code>K-1</code>", "I have paid: show my order")
                .doesNotContain("我已付款");
        assertThat(QrCashierPage.invalidLink(Locale.SIMPLIFIED_CHINESE)).contains("此付款链接无效");
        assertThat(QrCashierPage.invalidLink(Locale.US)).contains("This payment link is not valid");
    }

    @Test
    void theStylesheetIsServedFromTheJarAsCss() {
        WebResponse css = QrCashierPage.stylesheet();

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(new String(css.body(), StandardCharsets.UTF_8)).contains(".cashier", ".qr svg");
    }
}
