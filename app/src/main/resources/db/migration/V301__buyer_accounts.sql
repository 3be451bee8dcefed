-- Buyer accounts (issue 24): a buyer signs in with a one-time code mailed to them; the account is its
-- verified e-mail address. Guests keep buying without one.
CREATE TABLE buyer_accounts (
    id          ${id_pk},
    email_lower VARCHAR(254) NOT NULL UNIQUE,
    created_at  BIGINT       NOT NULL
);

-- One-time sign-in codes. code_hash is a keyed hash bound to the address, so a copy of the database does
-- not reveal a code; the code itself waits for the mail sender sealed (AES-GCM) in mail_codes and is erased
-- once sent. attempts only grows (a conditional update), so five wrong guesses burn a code on any node.
CREATE TABLE buyer_sign_in_codes (
    id          ${id_pk},
    email_lower VARCHAR(254) NOT NULL,
    code_hash   VARCHAR(64)  NOT NULL,
    attempts    INTEGER      NOT NULL DEFAULT 0,
    expires_at  BIGINT       NOT NULL,
    used_at     BIGINT,
    created_at  BIGINT       NOT NULL
);
CREATE INDEX buyer_sign_in_codes_email ON buyer_sign_in_codes (email_lower, created_at);

-- Buyer sessions: separate from admin sessions (their own table and cookie); the token is stored hashed.
CREATE TABLE buyer_sessions (
    token_hash  VARCHAR(64) PRIMARY KEY,
    account_id  BIGINT      NOT NULL REFERENCES buyer_accounts (id),
    expires_at  BIGINT      NOT NULL,
    created_at  BIGINT      NOT NULL
);
CREATE INDEX buyer_sessions_account ON buyer_sessions (account_id);

-- Code mails, sent by the mail outbox's sender like the order mails (lease, backoff); they are not about an
-- order, so they have their own rows. sealed_code is set to NULL once the mail is sent or the code expired.
CREATE TABLE mail_codes (
    id              ${id_pk},
    recipient       VARCHAR(254) NOT NULL,
    sealed_code     TEXT,
    expires_at      BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    created_at      BIGINT       NOT NULL
);
CREATE INDEX mail_codes_due ON mail_codes (status, next_attempt_at);

-- "My orders": the orders placed with the account's verified address, whatever its case.
CREATE INDEX orders_email_lower ON orders (lower(email), id);
