package io.kamishop.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The bot's words in English and Chinese ({@code telegram/i18n/messages_<lang>.properties}, UTF-8).
 * A chat is answered in its Telegram client's language when the store speaks it, else in the store's
 * default language.
 */
final class BotTexts {

    private static final Map<String, Properties> BUNDLES = Map.of("en", load("en"), "zh-CN", load("zh_CN"));

    private final Properties words;

    private BotTexts(Properties words) {
        this.words = words;
    }

    /** @param telegramLanguage the user's {@code language_code} (IETF tag), or null */
    static BotTexts forChat(String telegramLanguage, String storeDefault) {
        String language = telegramLanguage == null
                ? storeDefault
                : telegramLanguage.toLowerCase().startsWith("zh")
                        ? "zh-CN"
                        : telegramLanguage.toLowerCase().startsWith("en") ? "en" : storeDefault;
        return new BotTexts(
                BUNDLES.getOrDefault(language, Objects.requireNonNull(BUNDLES.get("en")))); // BUNDLES has en
    }

    String say(String key, @Nullable Object... args) {
        String pattern = words.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("no bot text " + key);
        }
        return args.length == 0 ? pattern : String.format(pattern, args);
    }

    String status(String status) {
        return words.getProperty("status_" + status, status);
    }

    private static Properties load(String suffix) {
        Properties p = new Properties();
        try (InputStream in = BotTexts.class.getResourceAsStream("/telegram/i18n/messages_" + suffix + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
