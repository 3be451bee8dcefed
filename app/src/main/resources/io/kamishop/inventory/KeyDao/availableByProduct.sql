SELECT product_id, COUNT(*) AS n FROM card_keys WHERE status = 'available' GROUP BY product_id
