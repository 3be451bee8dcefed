INSERT INTO notice_outbox (notifier, notice_id, kind, subject, body, fields, happened_at, status, attempts, next_attempt_at, created_at)
VALUES (:notifier, :noticeId, :kind, :subject, :body, :fields, :happenedAt, 'pending', 0, :now, :now)
