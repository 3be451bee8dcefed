package io.kamishop.plugins.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.WebResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QrCashierPageTest {

    private static final QrCashierPage.Wallet ALIPAY =
            new QrCashierPage.Wallet("Alipay", "支付宝 Alipay", "Alipay QR code", "Scan with the Alipay app", "alipay");

    @Test
    void thePageCarriesNoInlineStyleOrScriptSoTheStoresPolicyHolds() {
        String page = QrCashierPage.render(
                ALIPAY, "K-1", "12.00", "Game key", "https://qr.alipay.com/x", "https://shop.example/o");

        assertThat(page)
                .doesNotContain("<style", "style=", "<script")
                .contains("<link rel=\"stylesheet\" href=\"qr-cashier.css\">")
                .contains(
                        "<main class=\"cashier alipay\">", "<svg", "支付宝 Alipay", "12.00 CNY", "https://shop.example/o");
        assertThat(QrCashierPage.invalidLink()).doesNotContain("<style", "style=");
    }

    @Test
    void whatTheLinkCarriesIsEscaped() {
        String page = QrCashierPage.render(
                QrCashierPage.Wallet.named("<b>QQ</b>"),
                "K-1",
                "1",
                "<script>x</script>",
                "q",
                "https://shop.example/o?a=1&b=2");

        assertThat(page).doesNotContain("<script>", "<b>").contains("&lt;script&gt;", "a=1&amp;b=2");
    }

    @Test
    void theStylesheetIsServedFromTheJarAsCss() {
        WebResponse css = QrCashierPage.stylesheet();

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(new String(css.body(), StandardCharsets.UTF_8)).contains(".cashier", ".qr svg");
    }
}
