SELECT DISTINCT reason FROM refused_notifications ORDER BY reason
