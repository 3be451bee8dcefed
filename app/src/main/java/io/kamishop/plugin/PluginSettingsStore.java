package io.kamishop.plugin;

import io.kamishop.api.SettingDefinition;
import io.kamishop.cluster.ChangeBus;
import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stored plugin settings. Secret values are sealed with AES-256-GCM (bound to plugin and key) before
 * they reach the database; plain values are stored as text. Values set in the environment as
 * {@code KAMISHOP_PLUGIN_<PLUGIN>_<KEY>} win over stored ones, and so does the variable a setting names
 * itself (the sandbox's signing secret declares {@code KAMISHOP_SANDBOX_SECRET}, as the contract names it).
 */
public final class PluginSettingsStore {

    private final Database database;
    private final SecretBox box;
    private final AppConfig config;
    private final Clock clock;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();
    private final ChangeBus bus;
    // Settings are read on every order (risk rules): build each variable name, a regex replace, once.
    private final Map<String, String> environmentNames = new ConcurrentHashMap<>();

    public PluginSettingsStore(Database database, SecretBox box, AppConfig config, Clock clock, ChangeBus bus) {
        this.database = database;
        this.box = box;
        this.config = config;
        this.clock = clock;
        this.bus = bus;
        // Settings stored on any node drop this node's copy, so every node uses the new values.
        bus.subscribe(ChangeBus.PLUGINS, pluginId -> {
            if (pluginId.equals(ChangeBus.EVERYTHING)) {
                cache.clear();
            } else {
                cache.remove(pluginId);
            }
        });
    }

    /** The stored values of a plugin, secrets opened, before environment overrides. */
    public Map<String, String> stored(String pluginId) {
        return cache.computeIfAbsent(
                pluginId,
                id -> database.read(tx -> {
                    Map<String, String> values = new HashMap<>();
                    for (PluginDao.Setting setting : tx.dao(PluginDao.class).settings(id)) {
                        String name = setting.name();
                        values.put(
                                name,
                                setting.secret()
                                        ? box.openText(setting.value(), associatedData(id, name))
                                        : setting.value());
                    }
                    return Map.copyOf(values);
                }));
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

    private Optional<String> environmentOverride(String pluginId, String key, String ownVariable) {
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
        store(pluginId, values, schema, false);
    }

    // Upserts, not DELETE then INSERT: two nodes storing the same key at once would otherwise both
    // insert and one fail on the primary key. keepExisting: the first node's value wins (generated secrets).
    private void store(
            String pluginId, Map<String, String> values, List<SettingDefinition> schema, boolean keepExisting) {
        long now = clock.millis();
        database.write(tx -> {
            PluginDao plugins = tx.dao(PluginDao.class);
            values.forEach((key, value) -> {
                if (value == null) {
                    plugins.deleteSetting(pluginId, key);
                    return;
                }
                boolean secret = schema.stream().anyMatch(d -> d.key().equals(key) && d.secret());
                String plain = schema.stream()
                        .filter(d -> d.key().equals(key))
                        .findFirst()
                        .map(d -> SettingsValidator.normalised(d, value))
                        .orElse(value);
                String stored = secret ? box.sealText(plain, associatedData(pluginId, key)) : plain;
                if (keepExisting) {
                    plugins.putSettingIfAbsent(pluginId, key, stored, secret, now);
                } else {
                    plugins.putSetting(pluginId, key, stored, secret, now);
                }
            });
            bus.publish(ChangeBus.PLUGINS, pluginId);
            return null;
        });
        cache.remove(pluginId);
    }

    /** Stores a random value for every generated setting that has none yet (e.g. the sandbox secret). */
    public void generateMissing(String pluginId, List<SettingDefinition> schema) {
        Map<String, String> fresh = new HashMap<>();
        for (SettingDefinition definition : schema) {
            if (definition.generated() && !stored(pluginId).containsKey(definition.key())) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                fresh.put(definition.key(), HexFormat.of().formatHex(random));
            }
        }
        if (!fresh.isEmpty()) {
            store(pluginId, fresh, schema, true);
        }
    }

    /** Drops cached values so the next read sees what another node stored. */
    public void invalidate(String pluginId) {
        cache.remove(pluginId);
    }

    private static String associatedData(String pluginId, String key) {
        return "plugin-setting:" + pluginId + ":" + key;
    }

    private static String envPart(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
