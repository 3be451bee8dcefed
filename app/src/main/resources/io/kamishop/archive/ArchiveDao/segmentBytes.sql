SELECT COALESCE(SUM(bytes), 0) FROM archive_segments
