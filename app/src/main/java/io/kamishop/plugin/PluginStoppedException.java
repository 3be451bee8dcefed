package io.kamishop.plugin;

import io.kamishop.domain.Refusal;

/**
 * A call reached a plugin that was stopped (disabled or uninstalled) after the caller found it.
 * Rare, and the caller can simply try again: a 409, and gateways retry notifications anyway.
 */
public final class PluginStoppedException extends Refusal {
    public PluginStoppedException(String pluginId) {
        super(
                Kind.CONFLICT,
                "plugin_stopped",
                "plugin " + pluginId + " was stopped while serving this request; try again");
    }
}
