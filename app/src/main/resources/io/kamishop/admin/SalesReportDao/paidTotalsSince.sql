-- Revenue counts orders that were paid (paid or delivered).
SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS revenue FROM orders
WHERE status IN ('paid', 'delivered') AND created_at >= :from GROUP BY currency ORDER BY currency
