-- Proof-of-work challenges (issue 25) are single-use: a solved challenge is spent by inserting its id,
-- unique, so the same solution cannot place a second order or a second look-up on any node. Rows are
-- kept only until the challenge would have expired anyway.
CREATE TABLE spent_challenges (
    id         VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX spent_challenges_expiry ON spent_challenges (expires_at);
