package io.kamishop.plugins.notify;

import io.kamishop.api.Money;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The phrases of one language ({@code alerts_<tag>.properties}) and how a notice's facts fill them. */
final class AlertTexts {

    private static final Map<String, AlertTexts> LANGUAGES = Map.of("en", load("en"), "zh-CN", load("zh-CN"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    /** A product name or an error longer than this is cut: an alert is read on a phone. */
    static final int LONGEST_FACT = 200;
    /** The notice fields an alert may show as they are; anything else is left out, whatever a future store adds. */
    private static final List<String> PLAIN_FACTS =
            List.of("orderNo", "productName", "quantity", "channel", "available", "pluginId", "count");

    private final Properties phrases;

    private AlertTexts(Properties phrases) {
        this.phrases = phrases;
    }

    static AlertTexts forLanguage(String tag) {
        return LANGUAGES.getOrDefault(tag == null ? "en" : tag, LANGUAGES.get("en"));
    }

    private static AlertTexts load(String tag) {
        String name = "alerts_" + tag + ".properties";
        try (InputStream in = AlertTexts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin");
            }
            Properties phrases = new Properties();
            phrases.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new AlertTexts(phrases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Alert compose(StoreNotice notice) {
        Map<String, String> facts = facts(notice);
        String link = notice.fields().get("adminUrl");
        String title = phrases.getProperty("title." + notice.kind().name());
        if (title == null) {
            // A kind newer than this plugin (or one it does not offer): the store's own English words.
            return new Alert(
                    clip(notice.subject()),
                    notice.text().isBlank() ? List.of() : List.of(clip(notice.text())),
                    link,
                    phrases.getProperty("link"));
        }
        List<String> lines = new ArrayList<>();
        switch (notice.kind()) {
            case ORDER_PAID, ORDER_DELIVERED, ORDER_HELD_FOR_REVIEW, REFUND_DUE, ORDER_REFUNDED -> {
                addLines(lines, facts, "line.product", "line.amount", "line.channel", "line.buyer");
                if (notice.kind() == Kind.ORDER_HELD_FOR_REVIEW) {
                    addLines(lines, facts, "line.held");
                } else if (notice.kind() == Kind.REFUND_DUE) {
                    addLines(lines, facts, "line.refundReason");
                } else if (notice.kind() == Kind.ORDER_REFUNDED) {
                    // A second payment given back leaves the order as it was: say which money went back.
                    addLines(
                            lines,
                            facts,
                            "duplicate_payment".equals(notice.fields().get("event"))
                                    ? "line.refundedDuplicate"
                                    : "line.refunded");
                }
            }
            case LOW_STOCK -> addLines(lines, facts, "line.available");
            // The store's reason is English and technical; it is what the merchant (or support) needs.
            case PLUGIN_FAILED -> lines.add(clip(notice.text()));
            case NOTIFICATIONS_REFUSED -> addLines(lines, facts, "line.refused", "line.refusedHint");
            case TEST -> addLines(lines, facts, "line.test");
            default -> {}
        }
        return new Alert(fill(title, facts), lines, link, phrases.getProperty("link"));
    }

    /** The facts an alert may show, each already safe to show: clipped, on one line, the e-mail masked. */
    private Map<String, String> facts(StoreNotice notice) {
        Map<String, String> fields = notice.fields();
        Map<String, String> facts = new HashMap<>();
        for (String name : PLAIN_FACTS) {
            if (fields.get(name) != null) {
                facts.put(name, clip(fields.get(name)));
            }
        }
        facts.put("store", clip(fields.getOrDefault("storeName", "Kamishop")));
        if (fields.get("email") != null) {
            facts.put("email", maskEmail(fields.get("email")));
        }
        if (fields.get("amount") != null && fields.get("currency") != null) {
            facts.put("amount", amount(fields.get("amount"), fields.get("currency")));
        }
        if (fields.get("event") != null) {
            facts.put("event", phrases.getProperty("event." + fields.get("event"), clip(fields.get("event"))));
        }
        if (fields.get("reason") != null) {
            facts.put("reason", phrases.getProperty("reason." + fields.get("reason"), clip(fields.get("reason"))));
        }
        return facts;
    }

    /** Adds each phrase whose facts are all known; a phrase missing one is left out rather than shown with a hole. */
    private void addLines(List<String> lines, Map<String, String> facts, String... keys) {
        for (String key : keys) {
            String phrase = phrases.getProperty(key);
            Matcher m = PLACEHOLDER.matcher(phrase);
            boolean complete = true;
            while (m.find()) {
                complete &= facts.containsKey(m.group(1));
            }
            if (complete) {
                lines.add(fill(phrase, facts));
            }
        }
    }

    private static String fill(String phrase, Map<String, String> facts) {
        return PLACEHOLDER
                .matcher(phrase)
                .replaceAll(m -> Matcher.quoteReplacement(facts.getOrDefault(m.group(1), "?")));
    }

    /** {@code alice@example.com} becomes {@code a***@example.com}: enough to recognise a regular, not to write to them. */
    static String maskEmail(String email) {
        String address = email.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.substring(0, address.offsetByCodePoints(0, 1)) + "***" + clip(address.substring(at));
    }

    private static String amount(String minor, String currency) {
        try {
            return new Money(Long.parseLong(minor), currency).toMajor().toPlainString() + " " + currency;
        } catch (RuntimeException e) {
            return clip(minor) + " " + clip(currency); // a currency the JDK does not know: minor units, as stored
        }
    }

    /** One line, at most {@link #LONGEST_FACT} characters: a fact cannot add lines or flood the message. */
    static String clip(String value) {
        String oneLine = value.replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ").strip();
        return oneLine.length() <= LONGEST_FACT ? oneLine : oneLine.substring(0, LONGEST_FACT - 1) + "…";
    }
}
