package io.kamishop.api;

import java.time.Clock;

/**
 * What the host lends a plugin. One context per plugin; safe to keep and use from any thread.
 * Everything a plugin needs from the store comes through here: do not reach for files, threads,
 * sockets or system properties of your own, so that the plugin keeps working on several nodes and
 * is stopped cleanly when the merchant disables or upgrades it.
 */
public interface PluginContext {

    /** This plugin's id from its manifest. */
    String pluginId();

    /** This plugin's current settings (secrets decrypted in memory only). */
    PluginSettings settings();

    /** The store's public URLs, for notify and return addresses. */
    StoreUrls storeUrls();

    /** The store's clock; use it instead of {@code Instant.now()} so tests can move time. */
    Clock clock();

    /** A logger named after the plugin. Never log secrets or keys. */
    System.Logger logger();

    /** A JSON reader and writer. */
    JsonCodec json();

    /** Feeds a notification into the store's notify path (for in-store gateways such as the sandbox). */
    NotificationSubmitter notifications();

    /** This plugin's own persistent key-value store (encrypted at rest, kept across upgrades). */
    KeyValueStore store();

    /** Counters and timers about this plugin, shown to the merchant. */
    Metrics metrics();

    /** Background tasks, cancelled by the host when the plugin stops. */
    Scheduler scheduler();

    /** An HTTP client that refuses internal addresses unless the merchant allows them. */
    OutboundHttp http();
}
