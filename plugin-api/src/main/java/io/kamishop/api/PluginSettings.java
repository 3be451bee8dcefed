package io.kamishop.api;

import java.util.List;
import java.util.Optional;

/**
 * The current values of a plugin's settings, secrets already decrypted. Values can change while the
 * plugin runs (the merchant saves the form), so read them when you need them.
 */
public interface PluginSettings {

    /** The stored value, or the declared default, or empty. */
    Optional<String> get(String key);

    /** The value, or an {@link IllegalStateException} naming the missing setting. */
    default String require(String key) {
        return get(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException("setting '" + key + "' is not configured"));
    }

    default long getLong(String key, long fallback) {
        return get(key).filter(v -> !v.isBlank()).map(Long::parseLong).orElse(fallback);
    }

    default boolean getBoolean(String key, boolean fallback) {
        return get(key).filter(v -> !v.isBlank()).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** A {@link SettingDefinition.Type#LIST} value: one entry per line, blank lines dropped. */
    default List<String> getList(String key) {
        return get(key).map(v ->
                        v.lines().map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * A {@link SettingDefinition.Type#MULTI_CHOICE} value: the chosen options, split at commas (and line
     * breaks), blanks dropped; empty when nothing is chosen. Since 1.4.0.
     */
    default List<String> getChoices(String key) {
        return get(key).map(v -> java.util.Arrays.stream(v.split("[,\\r\\n]+"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }
}
