SELECT plugin_id, version, origin, sha256, removed
FROM plugin_files
WHERE plugin_id = :id
