INSERT INTO plugin_settings_aside (plugin_id, name, value, secret, from_version, set_aside_at)
SELECT :id, name, value, secret, :version, :now FROM settings WHERE scope = :scope AND name = :name
ON CONFLICT (plugin_id, name) DO UPDATE SET value = excluded.value, secret = excluded.secret,
    from_version = excluded.from_version, set_aside_at = excluded.set_aside_at
