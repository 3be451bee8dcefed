package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductMarkdownTest {

    @Test
    void dataAndJavascriptLinksAndImagesAreDropped() {
        String html = ProductMarkdown.toSafeHtml("""
                [a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [b](javascript:alert(1))
                [c](JaVaScRiPt:alert(1)) ![d](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) [e](vbscript:x)
                [ok](https://shop.example/help) [mail](mailto:help@shop.example) [rel](/products/1)""");

        assertThat(html.toLowerCase())
                .doesNotContain("=\"data:")
                .doesNotContain("=\"javascript:")
                .doesNotContain("=\"vbscript:")
                .contains("<img")
                .contains("<a rel=\"nofollow\" href=\"\">a</a>");
        assertThat(html)
                .contains("href=\"https://shop.example/help\"")
                .contains("href=\"mailto:help@shop.example\"")
                .contains("href=\"/products/1\"");
    }

    /** Vectors from the OWASP XSS filter evasion cheat sheet that Markdown can carry. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "<svg/onload=alert(1)>",
                "<iframe src=\"javascript:alert(1)\"></iframe>",
                "<a href=\"javascript:alert(1)\">x</a>",
                "<div style=\"background:url(javascript:alert(1))\">x</div>",
                "[x](javascript&#58;alert(1))",
                "[x](&#106;avascript:alert(1))",
                "[x](java\tscript:alert(1))",
                "[x]( javascript:alert(1))",
                "[x](<javascript:alert(1)>)",
                "[x]: javascript:alert(1)\n\n[y][x]",
                "![x](x\" onerror=\"alert(1))",
                "[x](https://ok.example \"t\\\" onmouseover=\\\"alert(1)\")",
                "<details open ontoggle=alert(1)>",
                "`<script>`\n\n    <script>alert(1)</script>",
                "<!-- --><script>alert(1)</script>",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            })
    void noVectorSurvivesAsMarkup(String vector) {
        String html = ProductMarkdown.toSafeHtml(vector).toLowerCase(Locale.ROOT);

        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("<img src=\"x\" onerror")
                .doesNotContain("<svg")
                .doesNotContain("<iframe")
                .doesNotContain("<details")
                .doesNotContain("<div")
                .doesNotContain("<style")
                .doesNotContain("href=\"javascript")
                .doesNotContain("href=\"&#106;")
                .doesNotContain("src=\"javascript");
        // Whatever is left of an event handler is text or inside a quoted, escaped attribute, never an attribute of its
        // own.
        String tagsWithoutAttributeValues = html.replaceAll("\"[^\"]*\"", "\"\"");
        assertThat(tagsWithoutAttributeValues).doesNotContainPattern("<[a-z][^>]*\\son[a-z]+=");
    }

    @Test
    void markdownItselfStillRenders() {
        String html =
                ProductMarkdown.toSafeHtml("# Title\n\n**bold** and *em*\n\n- one\n- two\n\n`code` <b>not bold</b>");

        assertThat(html)
                .contains(
                        "<h1>Title</h1>",
                        "<strong>bold</strong>",
                        "<em>em</em>",
                        "<li>one</li>",
                        "<code>code</code>",
                        "&lt;b&gt;not bold&lt;/b&gt;");
    }

    @Test
    void summaryIsPlainTextCutAtAWord() {
        assertThat(ProductMarkdown.summary("# Steam card\n\n**Instant** delivery of a [code](https://x.example).", 200))
                .isEqualTo("Steam card Instant delivery of a code.");
        assertThat(ProductMarkdown.summary("one two three four five", 12)).isEqualTo("one two…");
        assertThat(ProductMarkdown.summary(null, 10)).isEmpty();
    }
}
