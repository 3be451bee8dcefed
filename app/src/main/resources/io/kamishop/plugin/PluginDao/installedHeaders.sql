SELECT plugin_id, version, origin, sha256, removed
FROM plugin_files
WHERE removed = FALSE
ORDER BY plugin_id
