package io.kamishop.plugins.risk;

import io.kamishop.api.PluginContext;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.RiskRule;
import io.kamishop.api.SettingDefinition;
import java.util.List;

/**
 * What the rules of risk-basic share: one settings form, and one enforce/shadow mode. Each rule
 * also names {@code RiskRule} itself, so the host lists it among the plugin's extension types.
 */
abstract class BasicRule implements RiskRule {

    private volatile PluginSettings settings = key -> java.util.Optional.empty();

    @Override
    public List<SettingDefinition> settings() {
        return BasicSettings.ALL;
    }

    @Override
    public void start(PluginContext context) {
        this.settings = context.settings();
    }

    /** For tests: the settings to read. */
    BasicRule using(PluginSettings values) {
        this.settings = values;
        return this;
    }

    PluginSettings current() {
        return settings;
    }

    @Override
    public int enforcedPercent() {
        return BasicSettings.enforcedPercent(settings);
    }
}
