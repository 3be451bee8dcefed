-- Units this buyer holds or has bought: pending (holding stock), paid and delivered orders.
SELECT COALESCE(SUM(quantity), 0) FROM orders
WHERE product_id = :productId AND LOWER(email) = :email AND status IN ('pending', 'paid', 'delivered')
