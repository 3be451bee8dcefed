UPDATE affiliate_commissions
SET reversed = reversed + :taken, unrecovered = unrecovered + :unrecovered,
    status = CASE WHEN status = 'pending' AND reversed + :taken >= amount THEN 'reversed' ELSE status END
WHERE id = :id AND reversed + :taken <= amount
