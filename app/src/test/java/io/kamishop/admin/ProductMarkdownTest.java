package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductMarkdownTest {

    @Test
    void dataAndJavascriptLinksAndImagesAreDropped() {
        String html = ProductMarkdown.toSafeHtml("""
                [a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [b](javascript:alert(1))
                [c](JaVaScRiPt:alert(1)) ![d](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) [e](vbscript:x)
                [ok](https://shop.example/help) [mail](mailto:help@shop.example) [rel](/products/1)""");

        assertThat(html.toLowerCase()).doesNotContain("=\"data:").doesNotContain("=\"javascript:").doesNotContain("=\"vbscript:")
                .contains("<img").contains("<a rel=\"nofollow\" href=\"\">a</a>");
        assertThat(html).contains("href=\"https://shop.example/help\"").contains("href=\"mailto:help@shop.example\"")
                .contains("href=\"/products/1\"");
    }
}
