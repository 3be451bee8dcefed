-- Takes the row lock (PostgreSQL) before the earning is read and changed: delivery, the release sweeper and a
-- refund wait for each other, and the second sees what the first did.
UPDATE reseller_orders SET reversed = reversed WHERE order_id = :orderId
