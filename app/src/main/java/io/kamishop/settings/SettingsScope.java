package io.kamishop.settings;

import io.kamishop.crypto.SecretBox;
import org.jspecify.annotations.Nullable;

/**
 * Whose settings: the store's, its mail's, its bot's, one plugin's or one theme's. Each scope seals its
 * secret values with its own sub-key, bound to the setting by {@code sealedAs + name} (the associated data
 * each feature used before the settings were one table, so values sealed then still open).
 *
 * @param name     the scope's key in the settings table ({@code store}, {@code mail}, {@code plugin:<id>})
 * @param box      seals and opens the scope's secret values; {@code null} for a scope that keeps none
 * @param sealedAs what a secret's associated data starts with, before the setting's name
 */
public record SettingsScope(String name, @Nullable SecretBox box, String sealedAs) {

    /** The store's own settings ({@code io.kamishop.config.StoreSettings}): no secrets. */
    public static final SettingsScope STORE = new SettingsScope("store", null, "");

    /** A theme's settings as the merchant chose them: colours, logo; no secrets. */
    public static SettingsScope theme(String theme) {
        return new SettingsScope("theme:" + theme, null, "");
    }

    /** One plugin's settings, secrets sealed with the plugins' sub-key. */
    public static SettingsScope plugin(String pluginId, SecretBox box) {
        return new SettingsScope(pluginScopeName(pluginId), box, "plugin-setting:" + pluginId + ":");
    }

    /** The table's key for a plugin's settings, for the plugin host's own statements (set aside, purge). */
    public static String pluginScopeName(String pluginId) {
        return "plugin:" + pluginId;
    }

    String associatedData(String settingName) {
        return sealedAs + settingName;
    }

    SecretBox requireBox() {
        if (box == null) {
            throw new IllegalStateException("the settings of " + name + " keep no secrets");
        }
        return box;
    }
}
