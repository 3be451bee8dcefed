package io.kamishop.plugins.paypal;

import io.kamishop.api.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one page the return path shows itself: a link that cannot be used. Everything else redirects. */
final class ReturnPage {

    private ReturnPage() {}

    static WebResponse problem(int status, String message) {
        String html = """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>PayPal</title></head>
                <body><main><h1>%s</h1><p>Open your order again from the link in your e-mail or the order lookup.</p></main></body></html>""".formatted(message);
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
