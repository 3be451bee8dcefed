-- The store's Ed25519 key for signed licences (issue 12). The private key is PKCS#8, AES-256-GCM
-- sealed with a key derived from the master key; the public key is published for offline checks.
CREATE TABLE licence_signing_keys (
    name           VARCHAR(50) PRIMARY KEY,
    public_key     TEXT        NOT NULL,
    sealed_private TEXT        NOT NULL,
    created_at     BIGINT      NOT NULL
);
