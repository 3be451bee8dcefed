package io.kamishop.telegram;

import io.kamishop.api.SettingDefinition;
import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import io.kamishop.settings.SettingsValidator;
import java.util.HashMap;
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

    static final String MASK = SettingsValidator.MASK;
    static final String DEFAULT_API_BASE = "https://api.telegram.org";

    /**
     * The settings, declared as plugins declare theirs and checked by the same validator, which also asks for the
     * token again when the API base URL it travels to changes.
     */
    static final List<SettingDefinition> SCHEMA = List.of(
            SettingDefinition.string("enabled", "Enabled")
                    .withType(SettingDefinition.Type.BOOLEAN)
                    .withDefault("false"),
            SettingDefinition.secret("botToken", "Bot token")
                    .withPattern("\\d{1,20}:[A-Za-z0-9_-]{20,100}")
                    .withHelp("as @BotFather gives it (123456:ABC...)"),
            // No query or fragment: the token and method are appended to the base as a path.
            SettingDefinition.string("apiBase", "Bot API base URL")
                    .withType(SettingDefinition.Type.URL)
                    .withDefault(DEFAULT_API_BASE)
                    .withPattern("[^?#]*"),
            SettingDefinition.string("merchantChatId", "Merchant chat id")
                    .withPattern("-?\\d{1,18}")
                    .withHelp("a chat id (a number)"),
            SettingDefinition.choice("mode", "Mode", "polling", List.of("polling", "webhook")));

    /** What the merchant sets, in the order the admin's form shows it. */
    public static List<SettingDefinition> schema() {
        return SCHEMA;
    }

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
        // Stripped, and an emptied field is a cleared setting, as the validator reads one.
        Map<String, String> submitted = new HashMap<>();
        values.forEach((name, value) -> submitted.put(name, value == null || value.isBlank() ? null : value.strip()));
        Map<String, String> stored = stored();
        Map<String, String> problems = new LinkedHashMap<>(SettingsValidator.problems(SCHEMA, submitted, stored));
        boolean tokenAfter =
                submitted.containsKey("botToken") ? submitted.get("botToken") != null : stored.containsKey("botToken");
        if ("true".equals(submitted.get("enabled")) && !tokenAfter) {
            problems.put("botToken", "is needed to enable the bot");
        }
        if ("webhook".equals(submitted.get("mode")) && publicUrl.isEmpty()) {
            problems.put("mode", "webhook needs the store's public URL (KAMISHOP_PUBLIC_URL); use polling without one");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_config", "the Telegram settings are not valid; nothing was stored", problems);
        }
        // Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -: a random token is of those.
        settings.change(scope)
                .putChecked(SCHEMA, submitted)
                .putIfAbsent(WEBHOOK_SECRET, Tokens.random(), true)
                .commit();
    }

    /** Where Telegram POSTs updates in webhook mode. */
    String webhookUrl() {
        return publicUrl
                .map(url -> (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/telegram/webhook")
                .orElseThrow();
    }

    private Map<String, String> stored() {
        return settings.values(scope);
    }
}
