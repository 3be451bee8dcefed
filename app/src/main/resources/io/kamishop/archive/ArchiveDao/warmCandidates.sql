-- Orders that may leave the hot tables: final, last touched before :before, and with nothing left to do
-- for them - no refund under way or owed, no mail or Telegram message waiting, no commission still in its
-- refund window, no review open, no stock still held. Oldest first (the orders_created index).
-- On PostgreSQL the rows are locked (skipped if another transaction holds one), so a refund or a
-- delivery that starts meanwhile waits and then finds the order gone, instead of racing the move.
SELECT id FROM orders o
WHERE o.created_at < :before AND o.updated_at < :before
  AND o.status IN ('delivered', 'expired', 'cancelled', 'refunded')
  AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.status = 'pending')
  AND NOT EXISTS (SELECT 1 FROM payment_notifications n WHERE n.order_id = o.id AND n.refunded = 0
                  AND n.outcome IN ('late_payment', 'duplicate_payment', 'generation_failed', 'held_for_review'))
  AND NOT EXISTS (SELECT 1 FROM outbox m WHERE m.order_id = o.id AND m.status = 'pending')
  AND NOT EXISTS (SELECT 1 FROM affiliate_commissions c WHERE c.order_id = o.id AND c.status = 'pending')
  AND NOT EXISTS (SELECT 1 FROM risk_reviews v WHERE v.order_id = o.id AND v.status = 'open')
  AND NOT EXISTS (SELECT 1 FROM unit_holds u WHERE u.order_id = o.id AND u.status = 'held')
  AND NOT EXISTS (SELECT 1 FROM card_keys k WHERE k.order_id = o.id AND k.status <> 'sold')
ORDER BY o.created_at, o.id
LIMIT :limit
<skipLocked>
