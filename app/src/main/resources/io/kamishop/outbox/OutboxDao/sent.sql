-- :erase empties a secret payload (a sealed sign-in code) in the statement that ends the row, so no copy
-- outlives the message; '{}' rather than NULL keeps the column NOT NULL and the payload JSON.
UPDATE outbox SET status = 'sent', sent_at = :now, last_error = :note,
       payload = CASE WHEN :erase THEN '{}' ELSE payload END
WHERE id = :id AND status = 'pending'
