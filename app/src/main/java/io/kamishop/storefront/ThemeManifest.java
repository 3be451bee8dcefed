package io.kamishop.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A theme's {@code theme.json}: who made it, and the settings a merchant may change (colours, logo).
 *
 * @param settings each setting's value by key, e.g. {@code accentColor -> #1d4ed8}
 * @param types    each setting's type: {@code color}, {@code asset} or {@code text}
 * @param labels   each setting's label for the admin's form
 */
public record ThemeManifest(
        String name,
        String version,
        String author,
        String description,
        Map<String, String> settings,
        Map<String, String> types,
        Map<String, String> labels) {

    static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{3,8}");

    static ThemeManifest parse(ObjectMapper mapper, byte[] json, String folderName) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "theme.json of theme '" + folderName + "' is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        root.path("settings").fields().forEachRemaining(entry -> {
            JsonNode setting = entry.getValue();
            types.put(entry.getKey(), setting.path("type").asText("text"));
            values.put(entry.getKey(), setting.path("default").asText(""));
            labels.put(entry.getKey(), setting.path("label").asText(entry.getKey()));
        });
        return new ThemeManifest(
                root.path("name").asText(folderName),
                root.path("version").asText("0"),
                root.path("author").asText(""),
                root.path("description").asText(""),
                Map.copyOf(values),
                Map.copyOf(types),
                Map.copyOf(labels));
    }

    /** The same manifest with another theme's settings beneath it, so an override inherits colours it does not set. */
    ThemeManifest over(ThemeManifest base) {
        Map<String, String> values = new LinkedHashMap<>(base.settings);
        values.putAll(settings);
        Map<String, String> allTypes = new LinkedHashMap<>(base.types);
        allTypes.putAll(types);
        Map<String, String> allLabels = new LinkedHashMap<>(base.labels);
        allLabels.putAll(labels);
        return new ThemeManifest(
                name, version, author, description, Map.copyOf(values), Map.copyOf(allTypes), Map.copyOf(allLabels));
    }

    /** The same manifest with the merchant's values in place of the defaults (unknown keys are ignored). */
    ThemeManifest withValues(Map<String, String> chosen) {
        if (chosen.isEmpty()) {
            return this;
        }
        Map<String, String> values = new LinkedHashMap<>(settings);
        chosen.forEach((key, value) -> values.computeIfPresent(key, (k, old) -> value));
        return new ThemeManifest(name, version, author, description, Map.copyOf(values), types, labels);
    }

    /**
     * The colour settings as CSS custom properties ({@code accentColor} becomes {@code --accent-color}).
     * Only well-formed colours pass: a setting must never be able to inject CSS.
     */
    String settingsCss() {
        StringBuilder css = new StringBuilder(":root{");
        settings.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> "color".equals(types.get(e.getKey()))
                        && COLOR.matcher(e.getValue()).matches())
                .forEach(e -> css.append("--")
                        .append(kebab(e.getKey()))
                        .append(':')
                        .append(e.getValue())
                        .append(';'));
        return css.append("}\n").toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "");
    }
}
