-- The affiliate's debt in one currency (see debtOf.sql); read under the affiliate's row lock (lockAffiliate).
SELECT COALESCE(SUM(unrecovered - netted), 0) FROM affiliate_commissions WHERE affiliate_id = :affiliateId AND currency = :currency
