SELECT flag_key, description, rollout_bp, targets, channel, risk_rule, theme, feature, enabled, updated_at
FROM feature_flags
ORDER BY flag_key
