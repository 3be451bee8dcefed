SELECT product_id, status, COUNT(*) AS n FROM card_keys GROUP BY product_id, status
