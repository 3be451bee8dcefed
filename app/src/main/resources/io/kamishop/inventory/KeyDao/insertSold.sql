-- A key made for one order at its delivery: stored sealed and already sold to it. A fingerprint the
-- product has seen before is skipped (the caller asks the generator again), so no key goes to two orders.
INSERT INTO card_keys (product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
VALUES (:productId, :fingerprint, :sealed, 'sold', :orderId, :now, :now)
ON CONFLICT (product_id, fingerprint) DO NOTHING
