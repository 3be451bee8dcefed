UPDATE affiliate_commissions SET netted = netted + :netted WHERE id = :id
