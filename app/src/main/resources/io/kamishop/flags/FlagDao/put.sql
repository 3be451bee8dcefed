-- One upsert, so two nodes storing one flag at once do not collide on the insert.
INSERT INTO feature_flags (flag_key, description, rollout_bp, targets, channel, risk_rule, theme, feature, enabled, updated_at)
VALUES (:key, :description, :rolloutBp, :targets, :channel, :riskRule, :theme, :feature, :enabled, :now)
ON CONFLICT (flag_key) DO UPDATE SET description = excluded.description, rollout_bp = excluded.rollout_bp,
    targets = excluded.targets, channel = excluded.channel, risk_rule = excluded.risk_rule, theme = excluded.theme,
    feature = excluded.feature, enabled = excluded.enabled, updated_at = excluded.updated_at
