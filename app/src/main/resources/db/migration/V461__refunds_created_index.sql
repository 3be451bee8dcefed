-- The sales reports (issue 26) sum refunds over a range of days: without this each report scans every refund.
CREATE INDEX refunds_created ON refunds (created_at);
