package io.kamishop.api;

import java.time.Clock;

/**
 * What the host lends a plugin. One context per plugin; safe to keep and use from any thread.
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
}
