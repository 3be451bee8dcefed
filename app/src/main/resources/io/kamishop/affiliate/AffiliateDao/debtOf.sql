SELECT COALESCE(SUM(unrecovered), 0) FROM affiliate_commissions WHERE affiliate_id = :affiliateId
