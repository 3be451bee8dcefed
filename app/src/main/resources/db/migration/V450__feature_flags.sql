-- Feature flags (issue 28). A flag splits buyers into an "on" and an "off" arm by a stable hash of
-- who they are (flags/Bucketing); targets force an arm for listed buyers. A flag may gate one
-- payment channel choice: only its "on" arm is offered that channel.
-- rollout_bp: basis points (0 to 10000) of buyers in the "on" arm.
-- targets: a small JSON object of allow/deny lists (flags/FlagTargets), validated before it is stored.
CREATE TABLE feature_flags (
    flag_key    VARCHAR(64)  PRIMARY KEY,
    description VARCHAR(500) NOT NULL,
    rollout_bp  INTEGER      NOT NULL CHECK (rollout_bp BETWEEN 0 AND 10000),
    targets     TEXT         NOT NULL,
    channel     VARCHAR(64),
    enabled     BOOLEAN      NOT NULL,
    updated_at  BIGINT       NOT NULL
);
-- One channel behind at most one flag: two flags deciding one channel could disagree.
CREATE UNIQUE INDEX feature_flags_channel ON feature_flags (channel);

-- Which arm of which flag an order was placed in, written in the placing transaction (a placement
-- step). Kept when the flag is deleted: the counts of a finished experiment stay readable.
CREATE TABLE flag_exposures (
    order_id BIGINT      NOT NULL REFERENCES orders (id),
    flag_key VARCHAR(64) NOT NULL,
    arm      VARCHAR(3)  NOT NULL CHECK (arm IN ('on', 'off')),
    PRIMARY KEY (order_id, flag_key)
);
CREATE INDEX flag_exposures_flag ON flag_exposures (flag_key, arm);
