DELETE FROM refused_notifications
WHERE at < :cutoff
   OR id <= (SELECT MAX(id) FROM refused_notifications) - :keep
