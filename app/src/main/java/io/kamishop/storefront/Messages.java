package io.kamishop.storefront;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The buyer-facing strings of a theme in every language the store speaks, read from
 * {@code i18n/<tag>.properties} (UTF-8). A theme's file overrides single keys of the default theme's.
 */
final class Messages {

    private final Map<String, Map<String, String>> byLanguage;
    private final Map<String, MessageFormat> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    private Messages(Map<String, Map<String, String>> byLanguage) {
        this.byLanguage = byLanguage;
    }

    /** Loads the layers bottom first, so the top layer's strings win. */
    static Messages load(List<ThemeLayer> layersTopFirst) {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (Languages.Language language : Languages.ALL) {
            Map<String, String> strings = new HashMap<>();
            for (int i = layersTopFirst.size() - 1; i >= 0; i--) {
                layersTopFirst
                        .get(i)
                        .read("i18n/" + language.tag() + ".properties")
                        .ifPresent(bytes -> strings.putAll(parse(bytes)));
            }
            all.put(language.tag(), Map.copyOf(strings));
        }
        return new Messages(Map.copyOf(all));
    }

    /** The string for the key in this language, else in English, else the key itself (visible, never a crash). */
    String get(Locale locale, String key, Object... args) {
        String pattern =
                byLanguage.getOrDefault(Languages.of(locale).tag(), Map.of()).get(key);
        if (pattern == null) {
            pattern = byLanguage.getOrDefault(Languages.ENGLISH.tag(), Map.of()).getOrDefault(key, key);
        }
        if (args.length == 0) {
            return pattern;
        }
        // Parsing a pattern costs more than formatting it; MessageFormat is not thread-safe, so each
        // compiled one is used by one thread at a time.
        MessageFormat format = compiled.computeIfAbsent(
                locale.toLanguageTag() + '\u0000' + pattern,
                k -> new MessageFormat(k.substring(k.indexOf('\u0000') + 1), locale));
        synchronized (format) {
            return format.format(args);
        }
    }

    private static Map<String, String> parse(byte[] bytes) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
