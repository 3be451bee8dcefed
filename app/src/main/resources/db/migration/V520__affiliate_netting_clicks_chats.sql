-- Affiliates, second round (issue 24):
--
--  * affiliate_commissions.netted: the part of a released commission that paid down the affiliate's debt
--    (earlier reversals the available balance could not cover) instead of becoming available. The debt
--    left is SUM(unrecovered) - SUM(netted) per affiliate and currency;
--  * affiliate_clicks: the last counted click per affiliate and visitor (a hash of the visitor's address),
--    so one visitor reloading a link counts once per window;
--  * affiliate_referred_chats: a Telegram user who opened the bot through a referral deep link
--    (t.me/<bot>?start=<code>) stays attributed for the merchant's window, as a signed-in account does.
ALTER TABLE affiliate_commissions ADD COLUMN netted BIGINT NOT NULL DEFAULT 0 CHECK (netted >= 0);

CREATE TABLE affiliate_clicks (
    affiliate_id BIGINT      NOT NULL REFERENCES affiliates (id),
    visitor      VARCHAR(64) NOT NULL,
    counted_at   BIGINT      NOT NULL,
    PRIMARY KEY (affiliate_id, visitor)
);
CREATE INDEX affiliate_clicks_counted ON affiliate_clicks (counted_at);

CREATE TABLE affiliate_referred_chats (
    telegram_user_id BIGINT NOT NULL PRIMARY KEY,
    affiliate_id     BIGINT NOT NULL REFERENCES affiliates (id),
    expires_at       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
