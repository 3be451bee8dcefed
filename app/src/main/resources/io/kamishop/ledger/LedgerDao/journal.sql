-- The whole ledger, newest entry first, a page at a time; '' for a filter means any.
SELECT e.id, e.transfer_id, t.reference, t.kind, a.kind AS account_kind, a.owner, a.currency, e.amount, t.memo,
       e.created_at
FROM ledger_entries e
JOIN ledger_transfers t ON t.id = e.transfer_id
JOIN ledger_accounts a ON a.id = e.account_id
WHERE e.id < :beforeId
  AND (:owner = '' OR a.owner = :owner)
  AND (:accountKind = '' OR a.kind = :accountKind)
  AND (:currency = '' OR a.currency = :currency)
ORDER BY e.id DESC
LIMIT :limit
