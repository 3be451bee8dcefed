INSERT INTO affiliates (buyer_account_id, code, parent_id, clicks, created_at)
VALUES (:accountId, :code, :parentId, 0, :now)
ON CONFLICT (buyer_account_id) DO NOTHING
