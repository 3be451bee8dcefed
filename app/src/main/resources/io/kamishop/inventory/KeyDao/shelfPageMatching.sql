-- Keys are sealed at rest, so a search cannot look inside them: it matches the exact key through its
-- keyed fingerprint (the UNIQUE (product_id, fingerprint) index), or the keys an order holds or bought.
SELECT k.id, k.product_id, k.sealed, k.status, o.order_no
FROM card_keys k
LEFT JOIN orders o ON o.id = k.order_id
WHERE k.product_id = :productId AND k.id > :after
  AND (k.fingerprint = :fingerprint OR k.order_id IN (SELECT id FROM orders WHERE order_no = :orderNo))
ORDER BY k.id
LIMIT :limit
