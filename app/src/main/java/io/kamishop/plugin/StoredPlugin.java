package io.kamishop.plugin;

/**
 * A plugin file as the database keeps it (the source of truth; the data dir only caches it).
 *
 * @param origin  {@code bundled} (came with the app) or {@code uploaded} (by the merchant)
 * @param content the file's bytes; {@code null} once uninstalled
 * @param removed uninstalled: the row stays so a removed bundled plugin is not installed again
 */
public record StoredPlugin(
        String pluginId,
        String version,
        String origin,
        String sha256,
        byte[] content,
        String signedBy,
        boolean removed,
        long installedAt) {}
