SELECT * FROM coupons WHERE id = :id
