package io.kamishop.admin;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Product descriptions are Markdown. Raw HTML in them is escaped, not passed through, and link and
 * image URLs with dangerous schemes (javascript:, data:...) are dropped, so a description can never
 * run script in a buyer's or the merchant's browser.
 */
public final class ProductMarkdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private ProductMarkdown() {
    }

    public static String toSafeHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }
}
