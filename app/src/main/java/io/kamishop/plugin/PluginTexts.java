package io.kamishop.plugin;

import io.kamishop.api.SettingDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's settings form in the admin's language: the translations the plugin ships as
 * {@code kamishop-i18n/<lang>.properties} in its own jar (docs/plugins.md, "Settings in the merchant's
 * language"), each text falling back to the English of its {@link SettingDefinition}. Keys:
 * {@code plugin.name}, {@code plugin.description}, {@code setting.<key>.label}, {@code setting.<key>.help},
 * {@code setting.<key>.option.<value>}.
 */
public final class PluginTexts {

    /** The admin languages other than English; English is the plugin's code. */
    static final List<String> LANGUAGES = List.of("zh-CN");

    static final String FOLDER = "kamishop-i18n/";
    private static final Logger LOG = LoggerFactory.getLogger(PluginTexts.class);
    private static final PluginTexts ENGLISH = new PluginTexts(new Properties());

    private final Properties texts;

    private PluginTexts(Properties texts) {
        this.texts = texts;
    }

    /** The definitions' own text. */
    public static PluginTexts english() {
        return ENGLISH;
    }

    static PluginTexts of(@Nullable Properties texts) {
        return texts == null || texts.isEmpty() ? ENGLISH : new PluginTexts(texts);
    }

    /**
     * Every translation a plugin ships, by language, read from its own class loader's entries only: a
     * plugin class loader asks its parent first for some names, and the store's (or a test class path's)
     * file of the same name must not speak for the plugin. A file that cannot be read counts as none.
     */
    static Map<String, Properties> read(String pluginId, ClassLoader loader) {
        Map<String, Properties> byLanguage = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            URL url = loader instanceof URLClassLoader own ? own.findResource(FOLDER + language + ".properties") : null;
            if (url == null) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                Properties texts = new Properties();
                texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                byLanguage.put(language, texts);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn(
                        "plugin {}: its {} translations cannot be read, shown in English: {}",
                        pluginId,
                        language,
                        e.toString());
            }
        }
        return Map.copyOf(byLanguage);
    }

    /** The display name, or {@code fallback} (the plugin id) when the plugin gives none in this language. */
    public String name(String fallback) {
        return text("plugin.name", fallback);
    }

    public String description(String english) {
        return text("plugin.description", english);
    }

    public String label(SettingDefinition definition) {
        return text("setting." + definition.key() + ".label", definition.label());
    }

    public String help(SettingDefinition definition) {
        return text("setting." + definition.key() + ".help", definition.help());
    }

    /** How an option of an ENUM or MULTI_CHOICE setting is shown; the stored value stays {@code value}. */
    public String option(SettingDefinition definition, String value) {
        return text("setting." + definition.key() + ".option." + value, value);
    }

    private String text(String key, String english) {
        String value = texts.getProperty(key);
        return value == null || value.isBlank() ? english : value.strip();
    }

    /**
     * Whether {@code shown} is really a translation of {@code english}: it differs, or it is empty anyway. For
     * checks that look for text left in English.
     */
    public static boolean translated(String english, String shown) {
        return english == null
                || english.isBlank()
                || !Objects.equals(english.strip(), shown == null ? null : shown.strip());
    }
}
