package io.kamishop.plugins.payment;

import static io.kamishop.plugins.payment.Html.escape;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.kamishop.api.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The cashier page of a channel whose gateway answers with a QR code (Alipay precreate, WeChat Pay
 * Native, EPay mapi): the code drawn as inline SVG, the wallet's name and a link back to the order.
 * No script, no inline style and no external image, so the store's content security policy
 * ({@code style-src 'self'}) holds: the look is {@link #STYLESHEET}, which the channel serves next to
 * the page from {@code serve(...)} with {@link #stylesheet()}.
 */
public final class QrCashierPage {

    /** The stylesheet's path under the channel's pages, linked relative to the page ({@code /pay/<id>/qr}). */
    public static final String STYLESHEET = "qr-cashier.css";

    private QrCashierPage() {}

    /**
     * How the page names the wallet that scans the code.
     *
     * @param title    the page's title
     * @param brand    the line above the amount
     * @param qrLabel  what a screen reader says of the code
     * @param scanHint the line under the code
     * @param look     the brand's colours in {@link #STYLESHEET} ({@code alipay}, {@code wechat}), or {@code plain}
     */
    public record Wallet(String title, String brand, String qrLabel, String scanHint, String look) {

        /** A wallet an aggregator fronts, known only by its name. */
        public static Wallet named(String name) {
            return new Wallet(name, name, "QR code", "请用" + name + "扫码支付 · Scan with " + name, "plain");
        }
    }

    /**
     * The page's own lines in one language; the wallet's names stay as the channel gives them (bilingual,
     * as the wallets' own signs are).
     */
    record Words(
            String lang, String order, String paid, String invalidTitle, String invalidHeading, String invalidHint) {

        static final Words ENGLISH = new Words(
                "en",
                "Order",
                "I have paid: show my order",
                "Link not valid",
                "This payment link is not valid",
                "Open the payment again from your order page.");
        static final Words CHINESE = new Words("zh-CN", "订单号", "我已付款：查看我的订单", "链接无效", "此付款链接无效", "请从订单页面重新发起付款。");

        /** Chinese for a buyer the store speaks Chinese to ({@code IncomingRequest.preferredLanguage()}), else English. */
        static Words of(Locale language) {
            return language != null && language.getLanguage().equals("zh") ? CHINESE : ENGLISH;
        }
    }

    /** The cashier in {@code language}, the buyer's language as the store decided it. */
    public static String render(
            Wallet wallet,
            Locale language,
            String orderNo,
            String amount,
            String subject,
            String qrCode,
            String orderPageUrl) {
        Words words = Words.of(language);
        String body = """
                <main class="cashier %s">
                  <p class="brand">%s</p>
                  <h1>%s CNY</h1>
                  <p class="subject">%s</p>
                  <figure class="qr" aria-label="%s">%s</figure>
                  <p>%s</p>
                  <p class="order">%s <code>%s</code></p>
                  <p><a class="done" href="%s">%s</a></p>
                </main>""".formatted(
                        escape(wallet.look()),
                        escape(wallet.brand()),
                        escape(amount),
                        escape(subject),
                        escape(wallet.qrLabel()),
                        svg(qrCode),
                        escape(wallet.scanHint()),
                        escape(words.order()),
                        escape(orderNo),
                        escape(orderPageUrl),
                        escape(words.paid()));
        return page(words, wallet.title(), body);
    }

    /** The page for a link whose signature does not hold, in {@code language}. */
    public static String invalidLink(Locale language) {
        Words words = Words.of(language);
        return page(
                words,
                words.invalidTitle(),
                "<main class=\"cashier\"><h1>" + escape(words.invalidHeading()) + "</h1><p>"
                        + escape(words.invalidHint()) + "</p></main>");
    }

    /** The page's stylesheet, for the channel to answer {@code GET /pay/<id>/}{@value #STYLESHEET} with. */
    public static WebResponse stylesheet() {
        try (InputStream in = QrCashierPage.class.getResourceAsStream(STYLESHEET)) {
            if (in == null) {
                throw new IllegalStateException(STYLESHEET + " is missing from the plugin jar");
            }
            return new WebResponse(
                    200, "text/css; charset=utf-8", in.readAllBytes(), Map.of("Cache-Control", "public, max-age=3600"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                            Map.of(
                                    EncodeHintType.MARGIN,
                                    2,
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
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
                + "\" width=\"256\" height=\"256\" shape-rendering=\"crispEdges\" role=\"img\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static String page(Words words, String title, String body) {
        return """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="%s">
                </head><body>%s</body></html>""".formatted(words.lang(), escape(title), STYLESHEET, body);
    }
}
