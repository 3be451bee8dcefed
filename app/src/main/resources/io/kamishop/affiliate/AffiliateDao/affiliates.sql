SELECT f.id, f.buyer_account_id, a.email_lower AS email, f.code, f.parent_id, f.clicks, f.created_at
FROM affiliates f JOIN buyer_accounts a ON a.id = f.buyer_account_id
WHERE f.id < :beforeId
ORDER BY f.id DESC
LIMIT :limit
