SELECT id, scope, target, level, kind, amount, created_at FROM affiliate_rules ORDER BY scope, target, level
