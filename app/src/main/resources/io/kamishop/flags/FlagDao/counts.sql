-- Paid: the money came, whatever followed (delivered, refunded, or a late payment on an expired order).
SELECT e.arm AS arm, COUNT(*) AS placed,
       SUM(CASE WHEN o.status IN ('paid', 'delivered', 'refund_pending', 'refunded') THEN 1 ELSE 0 END) AS paid
FROM flag_exposures e
JOIN orders o ON o.id = e.order_id
WHERE e.flag_key = :key
GROUP BY e.arm
ORDER BY e.arm
