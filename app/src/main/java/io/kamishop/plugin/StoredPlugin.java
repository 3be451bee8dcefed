package io.kamishop.plugin;

import org.jspecify.annotations.Nullable;

/**
 * A plugin file as the database keeps it (the source of truth; the data dir only caches it).
 *
 * @param origin  {@code bundled} (came with the app) or {@code uploaded} (by the merchant)
 * @param content the file's bytes; {@code null} once uninstalled, and for a bundled plugin on a single-node store,
 *     which reads it from the application's jar
 * @param removed uninstalled: the row stays so a removed bundled plugin is not installed again
 */
public record StoredPlugin(
        String pluginId,
        String version,
        String origin,
        String sha256,
        byte @Nullable [] content,
        @Nullable String signedBy,
        boolean removed,
        long installedAt) {}
