-- Takes the head's row lock (appenders on other PostgreSQL nodes queue here) and reserves :n sequence
-- numbers in one statement; returns the last one reserved and the hash the new entries chain from.
UPDATE audit_head SET seq = seq + :n WHERE id = 1 RETURNING seq, hash
