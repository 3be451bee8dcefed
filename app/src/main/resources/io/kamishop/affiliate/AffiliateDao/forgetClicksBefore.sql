DELETE FROM affiliate_clicks WHERE counted_at <= :since
