INSERT INTO affiliate_rules (scope, target, level, kind, amount, created_at)
VALUES (:scope, :target, :level, :kind, :amount, :now)
ON CONFLICT (scope, target, level) DO UPDATE SET kind = excluded.kind, amount = excluded.amount, created_at = excluded.created_at
