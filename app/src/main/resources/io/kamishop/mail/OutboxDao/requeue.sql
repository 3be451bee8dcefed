-- Sends a mail again: a finished row (sent, skipped or failed) is due now with a fresh attempt count.
-- A pending row is left alone: it is going out anyway, perhaps leased by a sender right now.
UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = :now, last_error = NULL, sent_at = NULL,
       recipient = :recipient
WHERE order_id = :orderId AND kind = :kind AND status <> 'pending'
