INSERT INTO reseller_markups (reseller_id, product_id, kind, amount, updated_at)
VALUES (:resellerId, :productId, :kind, :amount, :now)
ON CONFLICT (reseller_id, product_id) DO UPDATE SET kind = excluded.kind, amount = excluded.amount, updated_at = excluded.updated_at
