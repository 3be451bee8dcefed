INSERT INTO plugin_files (plugin_id, version, origin, sha256, content, signed_by, removed, installed_at)
VALUES (:id, :version, :origin, :sha256, :content, :signedBy, FALSE, :now)
ON CONFLICT (plugin_id) DO UPDATE SET version = excluded.version, origin = excluded.origin, sha256 = excluded.sha256,
    content = excluded.content, signed_by = excluded.signed_by, removed = FALSE, installed_at = excluded.installed_at
