package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.SettingDefinition;
import io.kamishop.settings.SettingsValidator;
import io.pebbletemplates.pebble.PebbleEngine;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A theme ready to render: its own Pebble engine whose loader looks in the theme first and the
 * default theme second, its strings, its manifest and its assets. Its files are read once: a changed
 * theme folder gets a new {@code Theme}. The merchant's setting values are looked up on use.
 */
public final class Theme {

    /** Where the generated stylesheet of the manifest's colour settings is served. */
    static final String SETTINGS_CSS = "settings.css";
    /** No page of a shop needs more; a runaway loop in a template stops writing here. */
    static final int MAX_RENDERED_CHARS = 2_000_000;

    private final String name;
    private final List<ThemeLayer> layers;
    private final ThemeManifest manifest;
    private final Messages messages;
    private final PebbleEngine engine;
    private final long stamp;
    private final Function<String, Map<String, String>> chosenSettings;
    private volatile ThemeAsset settingsCss = ThemeAsset.css("");
    private final Map<String, Optional<ThemeAsset>> assets = new ConcurrentHashMap<>();

    Theme(
            String name,
            List<ThemeLayer> layersTopFirst,
            ObjectMapper mapper,
            long stamp,
            Function<String, Map<String, String>> chosenSettings) {
        this.name = name;
        this.chosenSettings = chosenSettings;
        this.layers = List.copyOf(layersTopFirst);
        this.stamp = stamp;
        this.manifest = manifest(mapper, name, layers);
        this.messages = Messages.load(layers);
        this.engine = new PebbleEngine.Builder()
                .loader(new ThemeTemplateLoader(layers))
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .methodAccessValidator(new ViewModelAccess())
                .maxRenderedSize(MAX_RENDERED_CHARS)
                .newLineTrimming(true)
                .extension(new StorefrontExtension(this))
                .build();
    }

    private static ThemeManifest manifest(ObjectMapper mapper, String name, List<ThemeLayer> layers) {
        ThemeManifest merged = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<byte[]> json = layers.get(i).read("theme.json");
            if (json.isPresent()) {
                ThemeManifest m = ThemeManifest.parse(mapper, json.get(), name);
                merged = merged == null ? m : m.over(merged);
            }
        }
        return merged != null ? merged : ThemeManifest.empty(name);
    }

    public String name() {
        return name;
    }

    /** The manifest as the theme author wrote it, with the defaults. */
    public ThemeManifest manifest() {
        return manifest;
    }

    /** The settings in effect: the merchant's values over the manifest's defaults. */
    public Map<String, String> settings() {
        return manifest.values(chosenSettings.apply(name));
    }

    /**
     * Why each value cannot be stored for this theme's settings; empty when all are fine. A null value resets. The
     * schema's rules are the one validator's (a well-formed colour, a relative asset name without {@code ..}); the
     * theme adds its own on top: a colour is never blank (null resets it), an asset names a file the theme has, and
     * text is short.
     */
    Map<String, String> problems(Map<String, String> values) {
        Map<String, String> problems =
                new java.util.LinkedHashMap<>(SettingsValidator.problems(manifest.schema(), values, Map.of()));
        values.forEach((key, value) -> {
            SettingDefinition setting = manifest.setting(key);
            if (problems.containsKey(key) || setting == null || value == null) {
                return;
            }
            switch (setting.type()) {
                case COLOR -> {
                    if (!SettingsValidator.isColor(value)) {
                        problems.put(key, "must be a colour such as #1d4ed8");
                    }
                }
                case ASSET -> {
                    if (!value.isEmpty() && asset(value).isEmpty()) {
                        problems.put(key, "must be the path of a file under the theme's assets/, or empty");
                    }
                }
                default -> {
                    if (value.length() > 500) {
                        problems.put(key, "must be at most 500 characters");
                    }
                }
            }
        });
        return problems;
    }

    Messages messages() {
        return messages;
    }

    long stamp() {
        return stamp;
    }

    /** Renders {@code templates/<template>.peb} with the model in the buyer's language. */
    public String render(String template, Map<String, Object> model, Locale locale) {
        StringWriter out = new StringWriter(8192);
        try {
            engine.getTemplate(template).evaluate(out, model, locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A file under the theme's {@code assets/}, from the first layer that has it. */
    Optional<ThemeAsset> asset(String path) {
        if (path.equals(SETTINGS_CSS)) {
            return Optional.of(settingsCss());
        }
        return assets.computeIfAbsent(path, p -> {
            for (ThemeLayer layer : layers) {
                Optional<byte[]> bytes = layer.read("assets/" + p);
                if (bytes.isPresent()) {
                    return Optional.of(ThemeAsset.of(p, bytes.get()));
                }
            }
            return Optional.empty();
        });
    }

    /** The stylesheet of the colour settings in effect; rebuilt only when the merchant's values change it. */
    private ThemeAsset settingsCss() {
        String css = manifest.settingsCss(chosenSettings.apply(name));
        ThemeAsset current = settingsCss;
        if (!new String(current.bytes(), java.nio.charset.StandardCharsets.UTF_8).equals(css)) {
            current = ThemeAsset.css(css);
            settingsCss = current;
        }
        return current;
    }

    /** The long-cached URL of an asset: its content hash is in the path, so a changed file gets a new URL. */
    String assetUrl(String path) {
        String hash =
                ThemeLayer.isSafe(path) ? asset(path).map(ThemeAsset::hash).orElse("missing") : "missing";
        return "/assets/" + name + "/" + hash + "/" + path;
    }
}
