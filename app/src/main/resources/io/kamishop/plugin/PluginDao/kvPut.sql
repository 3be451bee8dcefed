INSERT INTO plugin_kv (plugin_id, name, value, updated_at) VALUES (:id, :name, :value, :now)
ON CONFLICT (plugin_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
