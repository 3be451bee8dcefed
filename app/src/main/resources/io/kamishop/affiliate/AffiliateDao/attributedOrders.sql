SELECT COUNT(*) FROM affiliate_orders WHERE affiliate_id = :affiliateId
