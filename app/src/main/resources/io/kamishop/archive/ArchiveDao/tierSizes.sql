-- How many archived orders each tier holds and the bytes of their documents (cold: as written into segments).
SELECT tier, COUNT(*) AS orders, COALESCE(SUM(document_bytes), 0) AS bytes FROM archived_orders GROUP BY tier
