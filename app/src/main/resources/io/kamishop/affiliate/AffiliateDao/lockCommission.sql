-- Takes the commission's row lock (PostgreSQL) before it is read and changed: the sweeper releasing it and a
-- refund reversing it wait for each other and the second one sees what the first one did.
UPDATE affiliate_commissions SET reversed = reversed WHERE id = :id
