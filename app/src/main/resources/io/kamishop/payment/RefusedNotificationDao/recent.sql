SELECT id, at, channel, trade_no, order_no, reason, remote_ip FROM refused_notifications
WHERE (CAST(:channel AS VARCHAR(64)) IS NULL OR channel = CAST(:channel AS VARCHAR(64)))
  AND (CAST(:reason AS VARCHAR(64)) IS NULL OR reason = CAST(:reason AS VARCHAR(64)))
  AND id < :before
ORDER BY id DESC
LIMIT :limit
