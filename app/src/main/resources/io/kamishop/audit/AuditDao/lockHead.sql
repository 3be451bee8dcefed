-- Takes the head's row lock (a linking pass on another PostgreSQL node queues here, and only a linking
-- pass: business transactions never touch the head) and returns where the chain stands.
UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash
