-- A buyer's optional query password per order (issue 12): Argon2id in PHC string form, never the password.
-- email_lower lets a buyer find their orders by email + password without a scan of all orders.
CREATE TABLE order_query_passwords (
    order_id      BIGINT       PRIMARY KEY REFERENCES orders (id),
    email_lower   VARCHAR(254) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE INDEX order_query_passwords_email ON order_query_passwords (email_lower, order_id);
