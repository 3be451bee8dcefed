SELECT * FROM coupons WHERE code = :code
