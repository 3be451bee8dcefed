package io.kamishop.plugins.risk;

import io.kamishop.api.PluginSettings;
import io.kamishop.api.SettingDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The settings of risk-basic, shared by all its rules. Every limit is off (0 or empty) until the
 * merchant sets it, so installing the plugin never blocks a good buyer by surprise.
 */
final class BasicSettings {

    static final String MODE = "mode";
    static final String ENFORCE_PERCENT = "enforcePercent";
    static final String MAX_ORDERS_PER_IP = "maxOrdersPerIpPerHour";
    static final String MAX_ORDERS_PER_EMAIL = "maxOrdersPerEmailPerHour";
    static final String MAX_QUANTITY = "maxQuantityPerOrder";
    static final String MAX_PENDING_PER_IP = "maxPendingOrdersPerIp";
    static final String BLOCKED_EMAILS = "blockedEmails";
    static final String BLOCKED_IPS = "blockedIps";
    static final String DISPOSABLE_EMAILS = "disposableEmails";
    static final String DISPOSABLE_DOMAINS = "disposableEmailDomains";

    private static final String COUNT = "[0-9]{1,9}";

    static final List<SettingDefinition> ALL = List.of(
            SettingDefinition.choice(MODE, "Mode", "enforce", List.of("enforce", "shadow"))
                    .withHelp("shadow: nothing is blocked or held, the decisions only say what would have happened."),
            SettingDefinition.integer(ENFORCE_PERCENT, "Enforce for % of buyers", 100)
                    .withPattern("100|[1-9]?[0-9]")
                    .withHelp(
                            "A/B test in enforce mode: the rules act on this share of buyers (by IP) and are shadowed for the rest."),
            limit(
                    MAX_ORDERS_PER_IP,
                    "Max orders per IP per hour",
                    "Stops card testing from one address. 0 = no limit."),
            limit(MAX_ORDERS_PER_EMAIL, "Max orders per email per hour", "0 = no limit."),
            limit(MAX_QUANTITY, "Max quantity per order", "0 = no limit."),
            limit(
                    MAX_PENDING_PER_IP,
                    "Max unpaid orders per IP",
                    "Stops stock hoarding: unpaid orders hold keys until they expire. 0 = no limit."),
            list(
                    BLOCKED_EMAILS,
                    "Blocked emails",
                    "One pattern per line, e.g. *@spam.example or someone@example.com.",
                    "[^\\s,]+([\\s,]+[^\\s,]+)*"),
            list(
                    BLOCKED_IPS,
                    "Blocked IPs",
                    "One address or CIDR range per line, e.g. 203.0.113.7 or 198.51.100.0/24.",
                    "[0-9a-fA-F:./]+([\\s,]+[0-9a-fA-F:./]+)*"),
            SettingDefinition.choice(
                            DISPOSABLE_EMAILS, "Disposable email addresses", "off", List.of("off", "review", "block"))
                    .withHelp(
                            "What to do with addresses of throwaway-mail services (a built-in list plus yours below)."),
            list(
                    DISPOSABLE_DOMAINS,
                    "More disposable-mail domains",
                    "One domain per line, added to the built-in list.",
                    "[^\\s,@]+([\\s,]+[^\\s,@]+)*"));

    private BasicSettings() {}

    private static SettingDefinition limit(String key, String label, String help) {
        return SettingDefinition.integer(key, label, 0).withPattern(COUNT).withHelp(help);
    }

    private static SettingDefinition list(String key, String label, String help, String pattern) {
        return SettingDefinition.string(key, label)
                .withType(SettingDefinition.Type.LIST)
                .withHelp(help)
                .withPattern(pattern);
    }

    static long limit(PluginSettings settings, String key) {
        try {
            return Math.max(0, settings.getLong(key, 0));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A list setting: entries separated by new lines or commas. */
    static List<String> entries(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split("[\\r\\n,]+"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** 0 in shadow mode; the A/B share in enforce mode. */
    static int enforcedPercent(PluginSettings settings) {
        if ("shadow".equals(settings.get(MODE).orElse("enforce"))) {
            return 0;
        }
        try {
            return (int) Math.min(100, Math.max(0, settings.getLong(ENFORCE_PERCENT, 100)));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /**
     * A parsed list that is parsed again only when its setting changes: rules run on every order
     * and the merchant changes lists rarely.
     */
    static final class Parsed<T> {
        private final Function<List<String>, T> parser;
        private volatile String raw;
        private volatile T value;

        Parsed(Function<List<String>, T> parser) {
            this.parser = parser;
        }

        T of(String current) {
            String text = current == null ? "" : current;
            T cached = value;
            if (cached != null && text.equals(raw)) {
                return cached;
            }
            T fresh = parser.apply(entries(text));
            value = fresh;
            raw = text;
            return fresh;
        }
    }
}
