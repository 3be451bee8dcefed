DELETE FROM plugin_state WHERE plugin_id = :id
