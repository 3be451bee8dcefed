package io.kamishop.admin;

import org.commonmark.parser.Parser;
import java.util.List;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Product descriptions are Markdown. Raw HTML in them is escaped, not passed through, and link and
 * image URLs with dangerous schemes (javascript:, data:...) are dropped, so a description can never
 * run script in a buyer's or the merchant's browser.
 */
public final class ProductMarkdown {

    private static final Parser PARSER = Parser.builder().build();
    // commonmark's default list keeps data: (an HTML page or SVG with script can hide in it): only these remain.
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto"))).build();

    private ProductMarkdown() {
    }

    public static String toSafeHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }
}
