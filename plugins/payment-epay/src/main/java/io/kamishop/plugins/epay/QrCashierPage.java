package io.kamishop.plugins.epay;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * The cashier page of mapi mode when the aggregator answers with a QR code: drawn as inline SVG (no
 * script, no external image, so the store's content security policy holds), with the wallet's name
 * and a link back to the order. The same page as Alipay's and WeChat Pay's: plugins share nothing but plugin-api.
 */
final class QrCashierPage {

    private QrCashierPage() {
    }

    static String render(String orderNo, String amount, String subject, String wallet, String qrCode, String orderPageUrl) {
        String body = """
                <main class="cashier">
                  <p class="brand">%s</p>
                  <h1>%s CNY</h1>
                  <p class="subject">%s</p>
                  <figure class="qr" aria-label="QR code">%s</figure>
                  <p>请用%s扫码支付 · Scan with %s</p>
                  <p class="order">Order <code>%s</code></p>
                  <p><a class="done" href="%s">I have paid: show my order</a></p>
                </main>""".formatted(escape(wallet), escape(amount), escape(subject), svg(qrCode), escape(wallet), escape(wallet),
                escape(orderNo), escape(orderPageUrl));
        return page(wallet, body);
    }

    static String invalidLink() {
        return page("Link not valid", "<main class=\"cashier\"><h1>This payment link is not valid</h1>"
                + "<p>Open the payment again from your order page.</p></main>");
    }

    /** The QR code as an SVG of unit squares; one path keeps the page small. */
    static String svg(String payload) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 2, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
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

    private static String page(String title, String body) {
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
                .cashier{background:#fff;margin:2rem 1rem;padding:2rem;border-radius:12px;max-width:24rem;width:100%%;text-align:center;box-shadow:0 2px 8px rgba(0,0,0,.08)}
                .brand{font-weight:600}
                .qr{margin:1rem auto}
                .qr svg{max-width:100%%;height:auto}
                .done{color:#1677ff}
                </style></head><body>%s</body></html>""".formatted(escape(title), body);
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
