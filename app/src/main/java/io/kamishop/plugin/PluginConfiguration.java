package io.kamishop.plugin;

import io.kamishop.api.SettingDefinition;
import io.kamishop.settings.SettingsValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saving a plugin's settings, the one use case behind the settings form and
 * {@code PUT /api/admin/plugins/{id}/config}: every submitted value is checked against the plugin's
 * schema (keys parsed, a store's own public key refused where the gateway's belongs, secrets asked
 * again when their URL changes) and nothing is stored unless all of them pass. A secret sent back as
 * {@link SettingsValidator#MASK} keeps the stored one; a blank value clears the setting.
 */
public final class PluginConfiguration {

    /** What a save did: the problems by setting (then nothing was stored), or the names of the settings stored. */
    public record Outcome(Map<String, SettingsValidator.Problem> problems, List<String> stored) {
        public boolean saved() {
            return problems.isEmpty();
        }
    }

    private final PluginHost host;

    public PluginConfiguration(PluginHost host) {
        this.host = host;
    }

    public Outcome save(String pluginId, Map<String, String> submitted) {
        List<SettingDefinition> schema = host.schema(pluginId);
        Map<String, SettingsValidator.Problem> problems =
                SettingsValidator.check(schema, submitted, host.settingsStore().stored(pluginId));
        if (!problems.isEmpty()) {
            return new Outcome(problems, List.of());
        }
        Map<String, String> toStore = new HashMap<>();
        submitted.forEach((key, value) -> {
            if (!SettingsValidator.MASK.equals(value)) {
                toStore.put(key, value == null || value.isBlank() ? null : value.strip());
            }
        });
        host.settingsStore().store(pluginId, toStore, schema);
        return new Outcome(Map.of(), toStore.keySet().stream().sorted().toList());
    }
}
