-- The merchant's list of buyer accounts, newest first, a page at a time (beforeId: the last id of the previous page).
SELECT id, email_lower, created_at FROM buyer_accounts
WHERE id < :beforeId
ORDER BY id DESC
LIMIT :limit
