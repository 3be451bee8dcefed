INSERT INTO plugin_settings_aside (plugin_id, name, value, secret, from_version, set_aside_at)
SELECT plugin_id, name, value, secret, :version, :now FROM plugin_settings WHERE plugin_id = :id AND name = :name
ON CONFLICT (plugin_id, name) DO UPDATE SET value = excluded.value, secret = excluded.secret,
    from_version = excluded.from_version, set_aside_at = excluded.set_aside_at
