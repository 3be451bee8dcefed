-- A statement of account, newest first, a page at a time (beforeId: the last id of the previous page).
SELECT e.id, e.transfer_id, t.reference, t.kind, e.amount, t.memo, e.created_at
FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
WHERE e.account_id = :accountId AND e.id < :beforeId
ORDER BY e.id DESC
LIMIT :limit
