SELECT * FROM archive_segments WHERE name = :name
