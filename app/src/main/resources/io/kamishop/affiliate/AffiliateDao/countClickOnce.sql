-- One counted click per visitor and affiliate per window: the row is written (1) for a first visit or when the
-- last counted one is older than :since, and left alone (0) for a repeat within the window.
INSERT INTO affiliate_clicks (affiliate_id, visitor, counted_at) VALUES (:id, :visitor, :now)
ON CONFLICT (affiliate_id, visitor) DO UPDATE SET counted_at = excluded.counted_at
WHERE affiliate_clicks.counted_at <= :since
