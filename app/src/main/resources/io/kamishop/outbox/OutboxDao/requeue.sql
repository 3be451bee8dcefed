-- Sends a message again: a finished row (sent or dead) is due now with a fresh attempt count.
-- A pending row is left alone: it is going out anyway, perhaps leased by a sender right now.
UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = :now, last_error = NULL, sent_at = NULL,
       payload = :payload
WHERE topic = :topic AND dedupe_key = :dedupeKey AND status <> 'pending'
