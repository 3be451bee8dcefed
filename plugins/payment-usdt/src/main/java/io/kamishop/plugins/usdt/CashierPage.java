package io.kamishop.plugins.usdt;

import static io.kamishop.plugins.payment.Html.escape;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The cashier page: the exact coin amount, the network, the receiving address as text and as a QR
 * code (inline SVG: no external image), and the time left. The countdown is
 * {@code /pay/usdt/countdown.js} and the look {@code /pay/usdt/cashier.css}, both served by the
 * plugin from the store's origin, because the store's content security policy allows no inline
 * script or style. Without script the page still says until when to pay. In the buyer's language,
 * chosen as the storefront chooses it.
 */
final class CashierPage {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CashierPage() {}

    /** The page's words in one language. */
    record Words(
            String htmlLang,
            String sendExactly,
            String qrLabel,
            String timeLeft,
            String payBefore,
            String expired,
            String onGateway,
            String order,
            String paid,
            String invalidTitle,
            String invalidHint) {

        static final Words ENGLISH = new Words(
                "en",
                "Send <strong>exactly</strong> this amount on the %s network. " + "A smaller amount is not delivered.",
                "%s address QR code",
                "Time left",
                "Pay before %s",
                "This payment has expired. Please place the order again.",
                "Pay on the gateway's page",
                "Order",
                "I have paid: show my order",
                "This payment link is not valid",
                "Open the payment again from your order page.");
        static final Words CHINESE = new Words(
                "zh-CN",
                "请通过 %s 网络转账<strong>精确</strong>金额，少付不会发货。",
                "%s 收款地址二维码",
                "剩余时间",
                "请在 %s 前付款",
                "付款时间已过，请重新下单。",
                "在网关收银台付款",
                "订单",
                "我已付款，查看订单",
                "付款链接无效",
                "请从订单页重新打开付款。");

        /** The buyer's language as the store decided it ({@code IncomingRequest.preferredLanguage()}). */
        static Words of(Locale language) {
            return language.getLanguage().equals("zh") ? CHINESE : ENGLISH;
        }
    }

    static String render(GatewayTransaction tx, Instant now, String orderPageUrl, Words words) {
        String coin = UsdtConfig.coin(tx.tradeType());
        String network = UsdtConfig.network(tx.tradeType());
        long secondsLeft = Math.max(0, Duration.between(now, tx.expiresAt()).toSeconds());
        String deadline = CLOCK.format(tx.expiresAt());
        String payOrExpired = secondsLeft > 0
                ? """
                  <p class="warn">%s</p>
                  <figure class="qr" aria-label="%s">%s</figure>
                  <p class="address"><code id="address">%s</code></p>
                  <p class="countdown" data-expires="%d">%s <span class="left">%s</span><br>%s</p>""".formatted(
                                words.sendExactly().formatted(escape(network)),
                                escape(words.qrLabel().formatted(coin)),
                                svg(tx.address()),
                                escape(tx.address()),
                                tx.expiresAt().getEpochSecond(),
                                escape(words.timeLeft()),
                                minutes(secondsLeft),
                                escape(words.payBefore().formatted(deadline)))
                : "<p class=\"expired\">" + escape(words.expired()) + "</p>";
        String gatewayLink = tx.paymentUrl() == null || secondsLeft == 0
                ? ""
                : "<p><a class=\"gateway\" href=\"" + escape(tx.paymentUrl()) + "\" rel=\"noopener\">"
                        + escape(words.onGateway()) + "</a></p>";
        String body = """
                <main class="cashier">
                  <p class="brand">%s · %s</p>
                  <h1 class="crypto"><span class="amount">%s</span> %s</h1>
                  <p class="fiat">%s %s</p>
                  %s
                  <p class="order">%s <code>%s</code></p>
                  <p><a class="done" id="done" href="%s">%s</a></p>
                  %s
                </main>
                <script src="countdown.js"></script>""".formatted(
                        escape(coin),
                        escape(network),
                        escape(tx.actualAmount()),
                        escape(coin),
                        escape(tx.fiatAmount()),
                        escape(tx.currency()),
                        payOrExpired,
                        escape(words.order()),
                        escape(tx.orderNo()),
                        escape(orderPageUrl),
                        escape(words.paid()),
                        gatewayLink);
        return page(words, coin + " " + network, body);
    }

    static String invalidLink(Words words) {
        return page(
                words,
                words.invalidTitle(),
                "<main class=\"cashier\"><h1>" + escape(words.invalidTitle()) + "</h1><p>" + escape(words.invalidHint())
                        + "</p></main>");
    }

    /** {@code 14:05} (minutes and seconds), as the script then counts it down. */
    static String minutes(long seconds) {
        return "%d:%02d".formatted(seconds / 60, seconds % 60);
    }

    /** The QR code as an SVG of unit squares; one path keeps the page small. */
    static String svg(String payload) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter()
                    .encode(
                            payload,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.MARGIN, 2, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode the QR code", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(',').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth() + " " + matrix.getHeight()
                + "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\" role=\"img\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static String page(Words words, String title, String body) {
        return """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="cashier.css">
                </head><body>%s</body></html>""".formatted(words.htmlLang(), escape(title), body);
    }
}
