-- Guesses only count up, by a conditional update: racing guesses on several nodes cannot get more than
-- maxAttempts between them.
UPDATE buyer_sign_in_codes SET attempts = attempts + 1 WHERE id = :id AND attempts < :maxAttempts AND used_at IS NULL
