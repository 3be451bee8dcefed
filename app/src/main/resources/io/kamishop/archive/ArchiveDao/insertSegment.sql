INSERT INTO archive_segments (name, store, orders, bytes, sha256, created_at)
VALUES (:name, :store, :orders, :bytes, :sha256, :now)
