-- What reversals could not take back, less what later commissions paid down (netted), over all currencies.
SELECT COALESCE(SUM(unrecovered - netted), 0) FROM affiliate_commissions WHERE affiliate_id = :affiliateId
