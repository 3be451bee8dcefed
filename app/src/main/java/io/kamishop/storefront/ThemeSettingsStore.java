package io.kamishop.storefront;

import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import java.util.Map;

/**
 * The values a merchant set for each theme's settings: a theme's scope in the one settings store, which
 * caches them (a page view costs no query) and has another node see a change within milliseconds.
 */
public final class ThemeSettingsStore {

    private final ScopedSettings settings;

    public ThemeSettingsStore(ScopedSettings settings) {
        this.settings = settings;
    }

    /** The merchant's values for a theme, by setting key; settings not in here use the manifest's default. */
    public Map<String, String> values(String theme) {
        return settings.values(SettingsScope.theme(theme));
    }

    /** Stores the values (a {@code null} value goes back to the default), all or nothing. */
    public void store(String theme, Map<String, String> values) {
        ScopedSettings.Change change = settings.change(SettingsScope.theme(theme));
        values.forEach((name, value) -> {
            if (value == null) {
                change.remove(name);
            } else {
                change.put(name, value);
            }
        });
        change.commit();
    }
}
