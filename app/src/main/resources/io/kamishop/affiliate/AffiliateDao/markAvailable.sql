UPDATE affiliate_commissions SET status = 'available' WHERE id = :id AND status = 'pending'
