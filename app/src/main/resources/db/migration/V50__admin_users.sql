-- Web admin: people who sign in, their sessions, sign-in throttling, second factors, and the audit
-- log of what admins did. Nothing secret is stored in the clear: passwords are Argon2id hashes,
-- session ids, recovery codes and the setup code are keyed hashes, TOTP secrets are AES-GCM sealed.

CREATE TABLE admin_users (
    id             ${id_pk},
    username       VARCHAR(64)  NOT NULL UNIQUE,
    password_hash  VARCHAR(255) NOT NULL,
    totp_sealed    TEXT,
    totp_enabled   BOOLEAN      NOT NULL DEFAULT FALSE,
    -- the last TOTP time step accepted: a code is good once, never replayed
    totp_last_step BIGINT       NOT NULL DEFAULT 0,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);

CREATE TABLE admin_recovery_codes (
    id         ${id_pk},
    user_id    BIGINT   NOT NULL REFERENCES admin_users (id),
    code_hash  CHAR(64) NOT NULL,
    used_at    BIGINT
);
CREATE INDEX admin_recovery_codes_user ON admin_recovery_codes (user_id);

-- stage: 'full' once every factor was given, 'second_factor' while a TOTP code is still due.
CREATE TABLE admin_sessions (
    id_hash     CHAR(64)    PRIMARY KEY,
    user_id     BIGINT      NOT NULL REFERENCES admin_users (id),
    stage       VARCHAR(16) NOT NULL,
    ip          VARCHAR(64),
    created_at  BIGINT      NOT NULL,
    last_seen   BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- Failed sign-ins per subject ('user:<name>' or 'ip:<address>') in the current window, and the
-- lockout they earned. Kept in the database so every node of a store counts the same guesses.
CREATE TABLE admin_login_throttle (
    subject       VARCHAR(200) PRIMARY KEY,
    failures      INTEGER      NOT NULL,
    window_start  BIGINT       NOT NULL,
    locked_until  BIGINT       NOT NULL
);

-- The one-time setup code printed on a first start while no admin exists (keyed hash only).
CREATE TABLE admin_setup (
    id          INTEGER  PRIMARY KEY,
    code_hash   CHAR(64) NOT NULL,
    created_at  BIGINT   NOT NULL
);

-- Admin actions go to the hash-chained audit_log (V90), with every order move.
