package io.kamishop.catalog;

import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Product descriptions are Markdown. Raw HTML in them is escaped, not passed through, and link and
 * image URLs with dangerous schemes (javascript:, data:...) are dropped, so a description can never
 * run script in a buyer's or the merchant's browser. The admin's preview and the storefront both
 * render through here, so what the merchant previews is what buyers get.
 */
public final class ProductMarkdown {

    private static final Parser PARSER = Parser.builder().build();
    // commonmark's default list keeps data: (an HTML page or SVG with script can hide in it): only these remain.
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .build();

    private ProductMarkdown() {}

    public static String toSafeHtml(String markdown) {
        return RENDERER.render(parse(markdown));
    }

    /**
     * The description as one line of plain text, cut at {@code max} characters on a word boundary: for a
     * page's meta description and link previews, where Markdown syntax would show as punctuation.
     */
    public static String summary(String markdown, int max) {
        StringBuilder words = new StringBuilder();
        parse(markdown).accept(new PlainWords(words));
        String text = words.toString().replaceAll("\\s+", " ").strip();
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        return text.substring(0, cut > max / 2 ? cut : max - 1).strip() + "…";
    }

    private static Node parse(String markdown) {
        return PARSER.parse(markdown == null ? "" : markdown);
    }

    /** The words a reader sees, without link targets or code blocks; inline HTML stays as the text the page shows. */
    private static final class PlainWords extends AbstractVisitor {

        private final StringBuilder out;

        PlainWords(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void visit(Text text) {
            out.append(text.getLiteral());
        }

        @Override
        public void visit(Code code) {
            out.append(code.getLiteral());
        }

        @Override
        public void visit(HtmlInline html) {
            out.append(html.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak lineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(HardLineBreak lineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(Paragraph paragraph) {
            visitChildren(paragraph);
            out.append(' ');
        }

        @Override
        public void visit(Heading heading) {
            visitChildren(heading);
            out.append(' ');
        }

        @Override
        public void visit(ListItem item) {
            visitChildren(item);
            out.append(' ');
        }
    }
}
