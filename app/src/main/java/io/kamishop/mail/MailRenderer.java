package io.kamishop.mail;

import io.kamishop.order.Order;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/**
 * Renders the buyer mails from Pebble templates ({@code io/kamishop/mail/templates/<kind>.txt.peb}
 * and {@code .html.peb}), each in Chinese and English. The HTML engine escapes every value; the text
 * engine does not, since plain text has nothing to escape.
 */
final class MailRenderer {

    private final PebbleEngine html = engine(true);
    private final PebbleEngine text = engine(false);

    private static PebbleEngine engine(boolean escape) {
        ClasspathLoader loader = new ClasspathLoader(MailRenderer.class.getClassLoader());
        loader.setPrefix("io/kamishop/mail/templates");
        // newLineTrimming off: Pebble by default drops the line break after every tag and expression,
        // which ran the keys together ("KEY-1KEY-2") and the last key into the next sentence.
        return new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(escape)
                .strictVariables(true)
                .cacheActive(true)
                .newLineTrimming(false)
                .build();
    }

    /** @param orderUrl the buyer's order page, where the keys can be read again */
    RenderedMail render(String kind, Order order, List<String> keys, String storeName, String orderUrl) {
        Map<String, Object> model = Map.of(
                "orderUrl", orderUrl,
                "storeName", storeName,
                "orderNo", order.orderNo(),
                "productName", order.productName(),
                "quantity", order.quantity(),
                "amount", major(order.amount(), order.currency()),
                "currency", order.currency(),
                "keys", keys);
        String subject = switch (kind) {
            case MailOutbox.ORDER_PAID -> "[" + storeName + "] 订单已付款 / Payment received: " + order.orderNo();
            case MailOutbox.KEYS_DELIVERED -> "[" + storeName + "] 您的卡密 / Your keys: " + order.orderNo();
            default -> throw new IllegalArgumentException("no mail template for " + kind);
        };
        return new RenderedMail(
                subject, evaluate(text, kind + ".txt.peb", model), evaluate(html, kind + ".html.peb", model));
    }

    /** The one-time sign-in code mail, both languages in one mail like the order mails. */
    RenderedMail signInCode(String code, String storeName, java.time.Duration validFor) {
        Map<String, Object> model =
                Map.of("code", code, "storeName", storeName, "minutes", Math.max(1, (validFor.toSeconds() + 59) / 60));
        String subject = "[" + storeName + "] 登录验证码 / Your sign-in code: " + code;
        return new RenderedMail(
                subject, evaluate(text, "sign_in_code.txt.peb", model), evaluate(html, "sign_in_code.html.peb", model));
    }

    private static String evaluate(PebbleEngine engine, String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(template).evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Minor units as the currency writes them: 990 CNY is 9.90, 990 JPY is 990. */
    static String major(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
