-- Warm orders old enough to go cold, oldest first (the (tier, created_at) index).
SELECT * FROM archived_orders WHERE tier = 'warm' AND created_at < :before ORDER BY created_at, id LIMIT :limit
