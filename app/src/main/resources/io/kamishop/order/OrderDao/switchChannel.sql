-- Forward-only like a status move: only a pending order still on the channel the buyer saw is switched.
UPDATE orders SET channel = :channel, fee = :fee, amount = :amount, updated_at = :now
WHERE id = :id AND status = 'pending' AND channel = :from
