-- The whole rule in one statement: two buyers racing for the last use both run it, the database
-- serialises them on the row, and the second sees uses = max_uses and changes nothing (0 rows).
UPDATE coupons SET uses = uses + 1
WHERE id = :id
  AND active = TRUE
  AND (max_uses IS NULL OR uses < max_uses)
  AND (expires_at IS NULL OR expires_at > :now)
