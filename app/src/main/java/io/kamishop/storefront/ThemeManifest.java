package io.kamishop.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.SettingDefinition;
import io.kamishop.settings.SettingsValidator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A theme's {@code theme.json}: who made it, and the settings a merchant may change (colours, logo), declared as
 * plugins declare theirs ({@link SettingDefinition}) so the one validator checks them. Theme authors keep writing
 * {@code {"type": "color" | "asset" | "text", "label", "default"}}; a missing type is {@code text}.
 *
 * @param schema the settings, each with its default ({@code ""} when the theme gives none)
 */
public record ThemeManifest(
        String name, String version, String author, String description, List<SettingDefinition> schema) {

    /** theme.json's word for each type a theme setting may have. */
    private static final Map<String, SettingDefinition.Type> TYPES = Map.of(
            "color", SettingDefinition.Type.COLOR,
            "asset", SettingDefinition.Type.ASSET,
            "text", SettingDefinition.Type.STRING);

    public ThemeManifest {
        schema = List.copyOf(schema);
    }

    /** A manifest without settings, for a theme without a {@code theme.json}. */
    static ThemeManifest empty(String folderName) {
        return new ThemeManifest(folderName, "0", "", "", List.of());
    }

    /**
     * @throws IllegalArgumentException when the JSON does not parse, or a setting has a type a theme cannot have
     *     (the message names the theme and the setting, and the theme is not loaded)
     */
    static ThemeManifest parse(ObjectMapper mapper, byte[] json, String folderName) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "theme.json of theme '" + folderName + "' is not valid JSON: " + e.getMessage(), e);
        }
        List<SettingDefinition> schema = new java.util.ArrayList<>();
        root.path("settings").fields().forEachRemaining(entry -> {
            JsonNode setting = entry.getValue();
            String type = setting.path("type").asText("text");
            SettingDefinition.Type declared = TYPES.get(type);
            if (declared == null) {
                throw new IllegalArgumentException("theme.json of theme '" + folderName + "': setting '"
                        + entry.getKey() + "' has type '" + type + "'; a theme setting is color, asset or text");
            }
            schema.add(new SettingDefinition(
                    entry.getKey(),
                    declared,
                    setting.path("label").asText(entry.getKey()),
                    "",
                    false,
                    false,
                    setting.path("default").asText(""),
                    List.of(),
                    null,
                    false));
        });
        return new ThemeManifest(
                root.path("name").asText(folderName),
                root.path("version").asText("0"),
                root.path("author").asText(""),
                root.path("description").asText(""),
                schema);
    }

    /** theme.json's word for a setting's type, as the theme API answers it: {@code color}, {@code asset} or {@code text}. */
    static String typeName(SettingDefinition setting) {
        return switch (setting.type()) {
            case COLOR -> "color";
            case ASSET -> "asset";
            default -> "text";
        };
    }

    /** The declared setting of that key, or {@code null}. */
    @Nullable
    SettingDefinition setting(String key) {
        return schema.stream().filter(d -> d.key().equals(key)).findFirst().orElse(null);
    }

    /** The same manifest with another theme's settings beneath it, so an override inherits colours it does not set. */
    ThemeManifest over(ThemeManifest base) {
        Map<String, SettingDefinition> merged = new LinkedHashMap<>();
        base.schema.forEach(d -> merged.put(d.key(), d));
        schema.forEach(d -> merged.put(d.key(), d));
        return new ThemeManifest(name, version, author, description, List.copyOf(merged.values()));
    }

    /** Each setting's default by key. */
    public Map<String, String> settings() {
        return values(Map.of());
    }

    /** The values in effect: the merchant's over the defaults (values of settings the theme does not declare are ignored). */
    Map<String, String> values(Map<String, String> chosen) {
        Map<String, String> values = new LinkedHashMap<>();
        for (SettingDefinition d : schema) {
            String value = chosen.get(d.key());
            values.put(d.key(), value != null ? value : d.defaultValue());
        }
        return values;
    }

    /**
     * The colour settings in effect as CSS custom properties ({@code accentColor} becomes {@code --accent-color}).
     * Only well-formed colours pass ({@link SettingsValidator#isColor}), whatever is stored: a setting must never be
     * able to inject CSS.
     */
    String settingsCss(Map<String, String> chosen) {
        Map<String, String> values = values(chosen);
        StringBuilder css = new StringBuilder(":root{");
        schema.stream()
                .filter(d -> d.type() == SettingDefinition.Type.COLOR)
                .map(SettingDefinition::key)
                .sorted()
                .filter(key -> SettingsValidator.isColor(values.get(key)))
                .forEach(key -> css.append("--")
                        .append(kebab(key))
                        .append(':')
                        .append(values.get(key))
                        .append(';'));
        return css.append("}\n").toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "");
    }
}
