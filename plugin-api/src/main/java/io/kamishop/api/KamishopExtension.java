package io.kamishop.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * What every Kamishop extension point has in common: a settings schema and a start hook.
 *
 * <p>The settings of a plugin are the union of the {@link #settings()} of its extensions; the host
 * draws the admin form from them, validates values, encrypts secrets and hands them back through
 * {@link PluginContext#settings()}.
 */
public interface KamishopExtension extends ExtensionPoint {

    /** The settings this extension reads. Keys are unique within a plugin. */
    default List<SettingDefinition> settings() {
        return List.of();
    }

    /**
     * Called once after the plugin starts, before the extension serves any call. Keep it quick: no
     * network calls. Settings may change later; read them from the context when you need them
     * instead of copying them here.
     */
    default void start(PluginContext context) {}

    /**
     * Called once before the plugin is stopped (disabled, upgraded, uninstalled, store shutting
     * down), after the calls in flight have finished and before the plugin's classes are unloaded.
     * Release what {@link #start} acquired. The host has already cancelled the plugin's scheduled tasks.
     */
    default void stop() {}
}
