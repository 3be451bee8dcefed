SELECT f.plugin_id, f.sha256, f.removed, s.enabled
FROM plugin_files f LEFT JOIN plugin_state s ON s.plugin_id = f.plugin_id
