-- Takes the affiliate's row lock (PostgreSQL): every release of this holder's earnings (commissions and reseller
-- markups) takes it after the earning's own row and before any ledger row, so they net its debt one at a time.
UPDATE affiliates SET clicks = clicks WHERE id = :id
