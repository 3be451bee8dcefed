SELECT COALESCE(SUM(unrecovered), 0) FROM reseller_orders WHERE reseller_id = :resellerId
