-- Takes the affiliate's row lock (PostgreSQL) so two releases netting the same debt wait for each other and
-- the second reads what the first netted. Taken after the commission's row and before any ledger row.
UPDATE affiliates SET clicks = clicks WHERE id = :id
