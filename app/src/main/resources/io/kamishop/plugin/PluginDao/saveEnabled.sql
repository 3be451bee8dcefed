INSERT INTO plugin_state (plugin_id, enabled, updated_at) VALUES (:id, :enabled, :now)
ON CONFLICT (plugin_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
