-- Orders that received money (paid, delivered, or since refunded), summed per quarter hour of their
-- creation; the range is a scan of orders_created_id (V541). Days are made from the slices in the store's zone.
SELECT created_at / 900000 AS slice, currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount
FROM orders
WHERE created_at >= :from AND created_at < :to AND status IN ('paid', 'delivered', 'refund_pending', 'refunded')
GROUP BY created_at / 900000, currency
