SELECT * FROM affiliate_commissions WHERE order_id = :key ORDER BY level
