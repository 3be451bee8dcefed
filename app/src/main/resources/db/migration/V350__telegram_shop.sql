-- The Telegram storefront (issue 23). The bot is a door like the web checkout: orders it places are
-- ordinary orders; these tables only remember which chat placed them and what the bot owes it.

-- Bot settings from the admin; the bot token and the webhook secret are AES-256-GCM sealed (secret = TRUE).
CREATE TABLE telegram_settings (
    name       VARCHAR(50) PRIMARY KEY,
    value      TEXT        NOT NULL,
    secret     BOOLEAN     NOT NULL,
    updated_at BIGINT      NOT NULL
);

-- Which Telegram user placed an order, and the keys message the chat is owed. Written in the
-- transaction that places the order (a placement step), so no order from the bot is ever unlinked.
-- keys_status: 'waiting' until the order is delivered; 'due' once it is (written in the delivering
-- transaction); 'sent' once Telegram took the message; 'failed' after giving up.
CREATE TABLE telegram_orders (
    order_id         BIGINT      PRIMARY KEY REFERENCES orders (id),
    order_no         VARCHAR(32) NOT NULL UNIQUE,
    telegram_user_id BIGINT      NOT NULL,
    chat_id          BIGINT      NOT NULL,
    created_at       BIGINT      NOT NULL,
    keys_status      VARCHAR(16) NOT NULL CHECK (keys_status IN ('waiting', 'due', 'sent', 'failed')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT      NOT NULL DEFAULT 0,
    last_error       TEXT,
    keys_sent_at     BIGINT
);
CREATE INDEX telegram_orders_user ON telegram_orders (telegram_user_id, created_at);
CREATE INDEX telegram_orders_due ON telegram_orders (keys_status, next_attempt_at);

-- The next update id to ask Telegram for (long polling), kept across restarts so an update that was
-- handled is not handled again after a restart (Telegram forgets an update only once asked past it).
CREATE TABLE telegram_poll_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    next_update_id BIGINT  NOT NULL
);
