package io.kamishop.telegram;

import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's settings, kept by the admin ({@code PUT /api/admin/telegram}): on or off, the bot token
 * (sealed with AES-256-GCM, read back as {@code ********}), the Bot API base URL (Telegram's, or a
 * self-hosted Bot API server; a fake in tests), the merchant's chat and the mode. Kept in the one settings
 * store's {@code telegram} scope, so another node's change is seen within milliseconds.
 */
public final class TelegramSettings {

    static final String MASK = "********";
    static final String DEFAULT_API_BASE = "https://api.telegram.org";
    private static final List<String> NAMES = List.of("enabled", "botToken", "apiBase", "merchantChatId", "mode");
    private static final String WEBHOOK_SECRET = "webhookSecret";

    private final ScopedSettings settings;
    private final SettingsScope scope;
    private final Optional<String> publicUrl;

    /** @param box the bot's sub-key, which seals its token and webhook secret */
    public TelegramSettings(ScopedSettings settings, SecretBox box, Optional<String> publicUrl) {
        this.settings = settings;
        this.scope = new SettingsScope("telegram", box, "");
        this.publicUrl = publicUrl;
    }

    BotConfig current() {
        Map<String, String> v = stored();
        String merchant = v.get("merchantChatId");
        return new BotConfig(
                "true".equals(v.get("enabled")),
                v.get("botToken"),
                v.getOrDefault("apiBase", DEFAULT_API_BASE),
                merchant == null || merchant.isBlank() ? null : Long.valueOf(merchant),
                "webhook".equals(v.get("mode")),
                v.get(WEBHOOK_SECRET));
    }

    /** For the admin: every setting, the token masked. */
    public Map<String, Object> view() {
        BotConfig c = current();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", c.enabled());
        view.put("botToken", c.token() == null ? null : MASK);
        view.put("apiBase", c.apiBase());
        view.put("merchantChatId", c.merchantChatId());
        view.put("mode", c.webhook() ? "webhook" : "polling");
        publicUrl.ifPresent(url -> view.put("webhookUrl", webhookUrl()));
        return view;
    }

    /** Stores the given settings (a token sent as {@code ********} keeps the stored one); 422 having stored nothing when invalid. */
    public void store(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String problem = problem(name, value);
            if (problem != null) {
                problems.put(name, problem);
            }
        });
        BotConfig before = current();
        boolean tokenAfter =
                values.containsKey("botToken") ? !values.get("botToken").isEmpty() : before.token() != null;
        // The token travels in the path of every call to the API base: whoever moves the base elsewhere
        // without knowing the token (it is shown masked) must not have it sent to a server of theirs.
        String baseAfter =
                values.containsKey("apiBase") && !values.get("apiBase").isBlank()
                        ? values.get("apiBase").strip()
                        : DEFAULT_API_BASE;
        String tokenSent = values.get("botToken");
        boolean tokenReentered = tokenSent != null && !tokenSent.isEmpty() && !tokenSent.equals(MASK);
        if (values.containsKey("apiBase")
                && before.token() != null
                && !sameBase(baseAfter, before.apiBase())
                && !tokenReentered
                && !"".equals(tokenSent)) {
            problems.putIfAbsent("botToken", "enter it again: the API base URL it is sent to changed");
        }
        if ("true".equals(values.get("enabled")) && !tokenAfter) {
            problems.put("botToken", "is needed to enable the bot");
        }
        if ("webhook".equals(values.get("mode")) && publicUrl.isEmpty()) {
            problems.put("mode", "webhook needs the store's public URL (KAMISHOP_PUBLIC_URL); use polling without one");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_config", "the Telegram settings are not valid; nothing was stored", problems);
        }
        ScopedSettings.Change change = settings.change(scope);
        values.forEach((name, value) -> {
            if (value.isEmpty()) {
                change.remove(name);
            } else if (name.equals("botToken")) {
                if (!value.equals(MASK)) {
                    change.putSecret(name, value.strip());
                }
            } else {
                change.put(name, value.strip());
            }
        });
        // Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -: a random token is of those.
        change.putIfAbsent(WEBHOOK_SECRET, Tokens.random(), true).commit();
    }

    /** Where Telegram POSTs updates in webhook mode. */
    String webhookUrl() {
        return publicUrl
                .map(url -> (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/telegram/webhook")
                .orElseThrow();
    }

    private static String problem(String name, String value) {
        if (!NAMES.contains(name)) {
            return "unknown setting";
        }
        if (value.length() > 500) {
            return "is too long";
        }
        return switch (name) {
            case "enabled" -> List.of("true", "false").contains(value) ? null : "must be true or false";
            case "mode" -> List.of("polling", "webhook").contains(value) ? null : "must be polling or webhook";
            case "merchantChatId" ->
                value.isEmpty() || value.matches("-?\\d{1,18}") ? null : "must be a chat id (a number)";
            case "botToken" ->
                value.isEmpty() || value.equals(MASK) || value.strip().matches("\\d{1,20}:[A-Za-z0-9_-]{20,100}")
                        ? null
                        : "must be a bot token as @BotFather gives it (123456:ABC...)";
            case "apiBase" -> validBase(value) ? null : "must be an http(s) URL without query";
            default -> null;
        };
    }

    private static boolean sameBase(String a, String b) {
        return a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    private static boolean validBase(String value) {
        if (value.isEmpty()) {
            return true;
        }
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getQuery() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, String> stored() {
        return settings.values(scope);
    }
}
