-- Issue 29 (big store): the dashboard's two short lists read their newest few rows from an index of
-- those rows only, instead of walking every row newest first until ten match.
--  * Payments that need a look (a late or a second payment, SalesReportDao/needingAttention.sql): with
--    every paid order's notification in the table and hardly any of them late, the walk read them all.
--  * The latest risk blocks (RiskDao/recentBlocks.sql): every order's decisions, ordered by time.
-- The partial indexes' conditions are the queries' own, word for word, so SQLite uses them too.
CREATE INDEX payment_notifications_attention ON payment_notifications (id)
    WHERE outcome IN ('late_payment', 'duplicate_payment');
CREATE INDEX risk_decisions_blocks ON risk_decisions (at, id)
    WHERE verdict = 'block' AND shadow = FALSE;
