DELETE FROM plugin_settings_aside WHERE plugin_id = :id AND name = :name
