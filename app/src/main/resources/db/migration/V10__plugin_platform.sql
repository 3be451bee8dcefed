-- Plugin platform: the installed plugin files themselves, settings kept aside across upgrades,
-- and each plugin's own key-value store. With the files in the database, every node (and a
-- restored backup) runs exactly the plugins the merchant installed.

-- One row per plugin id: the file that is installed now. An uninstalled plugin keeps its row with
-- removed = TRUE and no content, so a bundled plugin the merchant removed does not come back on restart.
CREATE TABLE plugin_files (
    plugin_id   VARCHAR(100) PRIMARY KEY,
    version     VARCHAR(64)  NOT NULL,
    origin      VARCHAR(16)  NOT NULL CHECK (origin IN ('bundled', 'uploaded')),
    sha256      CHAR(64)     NOT NULL,
    content     ${blob},
    signed_by   VARCHAR(100),
    removed     BOOLEAN      NOT NULL DEFAULT FALSE,
    installed_at BIGINT      NOT NULL
);

-- Settings whose key a newer version of the plugin no longer declares: kept, not lost, and put
-- back if a later version declares the key again. Same encoding as plugin_settings.
CREATE TABLE plugin_settings_aside (
    plugin_id  VARCHAR(100) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    value      TEXT         NOT NULL,
    secret     BOOLEAN      NOT NULL,
    from_version VARCHAR(64) NOT NULL,
    set_aside_at BIGINT     NOT NULL,
    PRIMARY KEY (plugin_id, name)
);

-- PluginContext.store(): values are AES-256-GCM ciphertext (base64), bound to plugin and key.
CREATE TABLE plugin_kv (
    plugin_id  VARCHAR(100) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    value      TEXT         NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (plugin_id, name)
);
