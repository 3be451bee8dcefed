DELETE FROM affiliate_commissions WHERE order_id = :key
