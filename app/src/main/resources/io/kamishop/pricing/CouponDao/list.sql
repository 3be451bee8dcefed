SELECT * FROM coupons ORDER BY id DESC LIMIT :limit
