package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.SettingDefinition;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's themes, whatever the door (the theme API, the admin's theme page): each theme with the settings its
 * {@code theme.json} declares and the values chosen, and the one way those values change. Which theme is active is the
 * store setting {@code theme}, changed as every store setting is ({@link StoreSettings#change}); it is only read here.
 */
public final class ThemeSettings {

    private final Themes themes;
    private final ThemeSettingsStore chosen;
    private final StoreSettings settings;

    private ThemeSettings(Themes themes, ThemeSettingsStore chosen, StoreSettings settings) {
        this.themes = themes;
        this.chosen = chosen;
        this.settings = settings;
    }

    /**
     * The themes in {@code themesDir} and bundled, with the values stored in {@code stored}; {@code settings} says
     * which is active. Another door's instance over the same folder and store sees the same themes and values (the
     * store caches them and hears of changes).
     */
    public static ThemeSettings of(Path themesDir, ObjectMapper mapper, ScopedSettings stored, StoreSettings settings) {
        ThemeSettingsStore chosen = new ThemeSettingsStore(stored);
        return new ThemeSettings(new Themes(themesDir, mapper, chosen::values), chosen, settings);
    }

    /** The themes themselves, for the storefront's pages and assets. */
    Themes themes() {
        return themes;
    }

    /** Every theme the store can show (bundled, then the data dir's, by name), each as {@link #view}. */
    public List<Map<String, Object>> all() {
        String active = settings.get(StoreSettings.THEME);
        return themes.names().stream().map(name -> view(name, active)).toList();
    }

    /**
     * A theme as the theme API answers it: name, title, version, author, description, whether it is active, where it
     * comes from ({@code bundled} or {@code data-dir}) and its settings (key, type, label, default, value).
     *
     * @throws Refusal 404 {@code theme_not_found}
     */
    public Map<String, Object> view(String name) {
        return view(require(name), settings.get(StoreSettings.THEME));
    }

    /**
     * The settings a theme declares, in the order the API lists them (by key).
     *
     * @throws Refusal 404 {@code theme_not_found}
     */
    public List<SettingDefinition> schema(String name) {
        return sorted(themes.get(require(name)).manifest());
    }

    private static List<SettingDefinition> sorted(ThemeManifest manifest) {
        return manifest.schema().stream()
                .sorted(Comparator.comparing(SettingDefinition::key))
                .toList();
    }

    /** {@link #change(String, Map, Map)} of values that were all read. */
    public void change(String name, Map<String, @Nullable String> values) {
        change(name, values, Map.of());
    }

    /**
     * The one way a merchant changes a theme's settings: every value checked by the theme's rules (a well-formed
     * colour, a file the theme has, short text, a setting it declares), then all stored or nothing. A {@code null}
     * value puts the setting back to its default.
     *
     * @param unreadable fields the door could not read as a value (the API's JSON object), by key with their problem:
     *     refused together with the rest, so one answer names every problem
     * @throws Refusal 404 {@code theme_not_found}; 422 {@code invalid_theme_settings} with each refused setting's
     *     problem, and nothing stored
     */
    public void change(String name, Map<String, @Nullable String> values, Map<String, String> unreadable) {
        Theme theme = themes.get(require(name));
        Map<String, String> problems = new LinkedHashMap<>(unreadable);
        problems.putAll(theme.problems(values));
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_theme_settings", "some theme settings are not valid; nothing was stored", problems);
        }
        chosen.store(name, values);
    }

    private String require(String name) {
        if (!themes.exists(name)) {
            throw Refusal.notFound("theme_not_found", "there is no theme '" + name + "'");
        }
        return name;
    }

    private Map<String, Object> view(String name, String active) {
        Theme theme = themes.get(name);
        ThemeManifest manifest = theme.manifest();
        Map<String, String> values = chosen.values(name);
        Map<String, String> defaults = manifest.settings();
        List<Map<String, Object>> schema = new ArrayList<>();
        for (SettingDefinition d : sorted(manifest)) {
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("key", d.key());
            setting.put("type", ThemeManifest.typeName(d));
            setting.put("label", d.label());
            setting.put("default", defaults.get(d.key()));
            setting.put("value", values.getOrDefault(d.key(), defaults.get(d.key())));
            schema.add(setting);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("title", manifest.name());
        view.put("version", manifest.version());
        view.put("author", manifest.author());
        view.put("description", manifest.description());
        view.put("active", name.equals(active));
        view.put("source", themes.inDataDir(name) ? "data-dir" : "bundled");
        view.put("settings", schema);
        return view;
    }
}
