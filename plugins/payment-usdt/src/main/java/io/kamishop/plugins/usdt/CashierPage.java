package io.kamishop.plugins.usdt;

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
import java.util.Map;

/**
 * The cashier page: the exact coin amount, the network, the receiving address as text and as a QR
 * code (inline SVG: no external image), and the time left. The countdown is
 * {@code /pay/usdt/countdown.js} and the look {@code /pay/usdt/cashier.css}, both served by the
 * plugin from the store's origin, because the store's content security policy allows no inline
 * script or style. Without script the page still says until when to pay. In Chinese and English
 * side by side, as the buyers of these gateways read either.
 */
final class CashierPage {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CashierPage() {
    }

    static String render(GatewayTransaction tx, Instant now, String orderPageUrl) {
        String coin = UsdtConfig.coin(tx.tradeType());
        String network = UsdtConfig.network(tx.tradeType());
        long secondsLeft = Math.max(0, Duration.between(now, tx.expiresAt()).toSeconds());
        String payOrExpired = secondsLeft > 0
                ? """
                  <p class="warn">请在同一网络（%s）转账<strong>精确</strong>金额，少付不会发货。<br>
                  Send <strong>exactly</strong> this amount on the %s network; a smaller amount is not delivered.</p>
                  <figure class="qr" aria-label="%s address QR code">%s</figure>
                  <p class="address"><code id="address">%s</code></p>
                  <p class="countdown" data-expires="%d">剩余时间 Time left: <span class="left">%s</span><br>
                  请在 %s 前付款 · Pay before %s</p>""".formatted(escape(network), escape(network), escape(coin), svg(tx.address()),
                        escape(tx.address()), tx.expiresAt().getEpochSecond(), minutes(secondsLeft),
                        CLOCK.format(tx.expiresAt()), CLOCK.format(tx.expiresAt()))
                : """
                  <p class="expired">付款时间已过，请重新下单。<br>This payment has expired; please place the order again.</p>""";
        String gatewayLink = tx.paymentUrl() == null || secondsLeft == 0 ? ""
                : "<p><a class=\"gateway\" href=\"" + escape(tx.paymentUrl()) + "\" rel=\"noopener\">在网关收银台付款 · Pay on the gateway's page</a></p>";
        String body = """
                <main class="cashier">
                  <p class="brand">%s · %s</p>
                  <h1 class="crypto"><span class="amount">%s</span> %s</h1>
                  <p class="fiat">%s %s</p>
                  %s
                  <p class="order">订单 Order <code>%s</code></p>
                  <p><a class="done" href="%s">我已付款，查看订单 · I have paid: show my order</a></p>
                  %s
                </main>
                <script src="countdown.js"></script>""".formatted(escape(coin), escape(network), escape(tx.actualAmount()), escape(coin),
                escape(tx.fiatAmount()), escape(tx.currency()), payOrExpired, escape(tx.orderNo()), escape(orderPageUrl), gatewayLink);
        return page(coin + " " + network, body);
    }

    static String invalidLink() {
        return page("Link not valid", "<main class=\"cashier\"><h1>付款链接无效 · This payment link is not valid</h1>"
                + "<p>请从订单页重新打开付款。Open the payment again from your order page.</p></main>");
    }

    /** {@code 14:05} (minutes and seconds), as the script then counts it down. */
    static String minutes(long seconds) {
        return "%d:%02d".formatted(seconds / 60, seconds % 60);
    }

    /** The QR code as an SVG of unit squares; one path keeps the page small. */
    static String svg(String payload) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
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

    private static String page(String title, String body) {
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="cashier.css">
                </head><body>%s</body></html>""".formatted(escape(title), body);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
