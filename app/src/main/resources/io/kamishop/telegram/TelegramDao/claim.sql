-- A lease, as in the mail outbox: the node that moves next_attempt_at first owns this attempt; a
-- sender that dies mid-send lets the lease run out and the message is tried again.
UPDATE telegram_orders SET next_attempt_at = :leaseUntil, attempts = attempts + 1
WHERE order_id = :orderId AND keys_status = 'due' AND next_attempt_at = :seen
