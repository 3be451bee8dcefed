package io.kamishop.plugins.sandbox;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.WebResponse;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * The sandbox gateway's own cashier page: what a buyer sees after being redirected to "the gateway". Like a
 * real gateway's page it speaks the buyer's language, as the store decided it for its own pages
 * ({@link IncomingRequest#preferredLanguage()}): Chinese for a buyer who reads Chinese, English otherwise.
 */
final class SandboxCashierPage {

    /** The page's words, in one language. */
    record Words(
            String lang,
            String brand,
            String pay,
            String order,
            String button,
            String note,
            String title,
            String refusedTitle,
            String refused) {}

    static final Words ENGLISH = new Words(
            "en",
            "Sandbox gateway",
            "Pay %s",
            "Order",
            "Pay",
            "Test payments only: no money moves.",
            "Sandbox cashier",
            "Payment not accepted",
            "The store answered %s: %s");
    static final Words CHINESE =
            new Words("zh-CN", "沙盒支付网关", "支付 %s", "订单号", "支付", "仅用于测试付款：不会产生真实扣款。", "沙盒收银台", "付款未被接受", "商店的答复（%s）：%s");

    private SandboxCashierPage() {}

    /** The buyer's language as the store decided it (the storefront's switcher, then the browser). */
    static Words wordsFor(IncomingRequest request) {
        return request.preferredLanguage().getLanguage().equals("zh") ? CHINESE : ENGLISH;
    }

    static WebResponse render(IncomingRequest request) {
        Words words = wordsFor(request);
        String orderNo = request.param("orderNo").orElse("");
        String amount = request.param("amount").orElse("0");
        String currency = request.param("currency").orElse("");
        String subject = request.param("subject").orElse("");
        String token = request.param("t").orElse("");
        String body = """
                <main class="cashier">
                  <p class="brand">%s</p>
                  <h1>%s</h1>
                  <p class="subject">%s</p>
                  <p class="order">%s <code>%s</code></p>
                  <form method="post" action="pay">
                    <input type="hidden" name="orderNo" value="%s">
                    <input type="hidden" name="amount" value="%s">
                    <input type="hidden" name="t" value="%s">
                    <button type="submit" id="pay">%s</button>
                  </form>
                  <p class="note">%s</p>
                </main>""".formatted(
                        escape(words.brand()),
                        escape(words.pay().formatted(format(amount, currency))),
                        escape(subject),
                        escape(words.order()),
                        escape(orderNo),
                        escape(orderNo),
                        escape(amount),
                        escape(token),
                        escape(words.button()),
                        escape(words.note()));
        return WebResponse.html(page(words, words.title(), body));
    }

    static WebResponse failure(IncomingRequest request, int status, String message) {
        Words words = wordsFor(request);
        String body = "<main class=\"cashier\"><h1>" + escape(words.refusedTitle()) + "</h1><p>"
                + escape(words.refused().formatted(status, message)) + "</p></main>";
        WebResponse html = WebResponse.html(page(words, words.refusedTitle(), body));
        return new WebResponse(
                status >= 400 && status < 500 ? status : 502, html.contentType(), html.body(), html.headers());
    }

    private static String format(String minor, String currency) {
        try {
            int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            return BigDecimal.valueOf(Long.parseLong(minor), digits).toPlainString() + " " + currency;
        } catch (RuntimeException e) {
            return minor + " " + currency;
        }
    }

    /**
     * The cashier's look, served as its own file: the store's Content-Security-Policy allows no inline
     * styles, and a real gateway's page would not rely on them either.
     */
    static WebResponse stylesheet() {
        String css = """
                body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
                .cashier{background:#fff;margin:2rem 1rem;padding:2rem;border-radius:12px;max-width:24rem;width:100%;box-shadow:0 2px 8px rgba(0,0,0,.08)}
                .brand{color:#4b5563;text-transform:uppercase;font-size:.8rem;letter-spacing:.08em}
                button{width:100%;padding:.9rem;font-size:1.1rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
                button:focus{outline:3px solid #93c5fd}
                .note{color:#4b5563;font-size:.85rem}
                """;
        return new WebResponse(
                200,
                "text/css; charset=utf-8",
                css.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("Cache-Control", "public, max-age=3600"));
    }

    private static String page(Words words, String title, String body) {
        return """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="cashier.css">
                </head><body>%s</body></html>""".formatted(words.lang(), escape(title), body);
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
