DELETE FROM affiliate_rules WHERE id = :id
