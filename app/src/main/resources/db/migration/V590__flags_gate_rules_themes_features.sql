-- Feature flags beyond payment channels (issue 28): a flag may also gate a risk rule (applied only to
-- orders in its "on" arm), a theme (shown only to its "on" arm instead of the store's) and a named store
-- feature (flags/Flags.FEATURES). Each is behind at most one flag, as a channel is: two flags deciding
-- one thing could disagree. Exposures and per-arm counts stay in flag_exposures, as for channels.
ALTER TABLE feature_flags ADD COLUMN risk_rule VARCHAR(64);
ALTER TABLE feature_flags ADD COLUMN theme VARCHAR(64);
ALTER TABLE feature_flags ADD COLUMN feature VARCHAR(64);
CREATE UNIQUE INDEX feature_flags_risk_rule ON feature_flags (risk_rule);
CREATE UNIQUE INDEX feature_flags_theme ON feature_flags (theme);
CREATE UNIQUE INDEX feature_flags_feature ON feature_flags (feature);
