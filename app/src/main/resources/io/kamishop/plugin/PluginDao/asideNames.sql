SELECT name FROM plugin_settings_aside WHERE plugin_id = :id ORDER BY name
