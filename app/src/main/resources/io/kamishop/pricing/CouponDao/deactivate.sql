UPDATE coupons SET active = FALSE WHERE code = :code AND active = TRUE
