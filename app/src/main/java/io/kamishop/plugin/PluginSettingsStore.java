package io.kamishop.plugin;

import io.kamishop.api.SettingDefinition;
import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Stored plugin settings: each plugin's scope of the one settings store. Secret values are sealed with
 * AES-256-GCM (bound to plugin and key) before they reach the database; plain values are stored as text. Values set in the environment as
 * {@code KAMISHOP_PLUGIN_<PLUGIN>_<KEY>} win over stored ones, and so does the variable a setting names
 * itself (the sandbox's signing secret declares {@code KAMISHOP_SANDBOX_SECRET}, as the contract names it).
 */
public final class PluginSettingsStore {

    private final ScopedSettings settings;
    private final SecretBox box;
    private final AppConfig config;
    private final Map<String, SettingsScope> scopes = new ConcurrentHashMap<>();
    // Settings are read on every order (risk rules): build each variable name, a regex replace, once.
    private final Map<String, String> environmentNames = new ConcurrentHashMap<>();

    /** @param box the plugins' sub-key, which seals their secret settings */
    public PluginSettingsStore(ScopedSettings settings, SecretBox box, AppConfig config) {
        this.settings = settings;
        this.box = box;
        this.config = config;
    }

    /** The stored values of a plugin, secrets opened, before environment overrides. */
    public Map<String, String> stored(String pluginId) {
        return settings.values(scope(pluginId));
    }

    /** The effective value: environment override, else stored, else the declared default. */
    public Optional<String> value(String pluginId, String key, List<SettingDefinition> schema) {
        Optional<SettingDefinition> definition =
                schema.stream().filter(d -> d.key().equals(key)).findFirst();
        Optional<String> override = definition.isPresent()
                ? environmentOverride(pluginId, definition.get())
                : environmentOverride(pluginId, key, null);
        if (override.isPresent()) {
            return override;
        }
        String stored = stored(pluginId).get(key);
        if (stored != null) {
            return Optional.of(stored);
        }
        return definition.map(SettingDefinition::defaultValue);
    }

    /**
     * The value the environment sets for a setting, if any: the variable the setting names itself
     * ({@link SettingDefinition#environmentVariable()}, e.g. the sandbox's {@code KAMISHOP_SANDBOX_SECRET}; the
     * host honours only bundled plugins' names, see {@code PluginHost.honouredSchema}), else
     * {@code KAMISHOP_PLUGIN_<PLUGIN>_<KEY>}.
     */
    public Optional<String> environmentOverride(String pluginId, SettingDefinition definition) {
        return environmentOverride(pluginId, definition.key(), definition.environmentVariable());
    }

    private Optional<String> environmentOverride(String pluginId, String key, @Nullable String ownVariable) {
        if (ownVariable != null) {
            Optional<String> own = config.override(ownVariable);
            if (own.isPresent()) {
                return own;
            }
        }
        String name = environmentNames.computeIfAbsent(
                pluginId + '\n' + key, k -> "KAMISHOP_PLUGIN_" + envPart(pluginId) + "_" + envPart(key));
        return config.override(name);
    }

    /** Stores values (already validated against the schema); a {@code null} value removes the setting. */
    public void store(String pluginId, Map<String, String> values, List<SettingDefinition> schema) {
        settings.change(scope(pluginId)).putChecked(schema, values).commit();
    }

    /** Stores a random value for every generated setting that has none yet (e.g. the sandbox secret); the first node's wins. */
    public void generateMissing(String pluginId, List<SettingDefinition> schema) {
        ScopedSettings.Change change = settings.change(scope(pluginId));
        for (SettingDefinition definition : schema) {
            if (definition.generated() && !stored(pluginId).containsKey(definition.key())) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                change.putIfAbsent(definition.key(), HexFormat.of().formatHex(random), definition.secret());
            }
        }
        change.commit();
    }

    /** Has every node read a plugin's settings again: the plugin host rewrote them in its own transaction (upgrade, purge). */
    public void forgetEverywhere(String pluginId) {
        settings.forgetEverywhere(scope(pluginId));
    }

    private SettingsScope scope(String pluginId) {
        return scopes.computeIfAbsent(pluginId, id -> SettingsScope.plugin(id, box));
    }

    private static String envPart(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
