-- A buyer may switch a pending order to another payment channel (issue 25). The gateway of the channel
-- left behind may still take the buyer's money (an open cashier tab, a QR code already scanned), so the
-- order remembers each channel it was offered through, with the amount asked there (fees differ per
-- channel): a payment through an earlier channel is recognised and settled instead of being refused,
-- and a paid order is never lost to a switch.
CREATE TABLE order_channel_offers (
    order_id    BIGINT      NOT NULL REFERENCES orders (id),
    channel     VARCHAR(64) NOT NULL,
    amount      BIGINT      NOT NULL CHECK (amount >= 0),
    fee         BIGINT      NOT NULL CHECK (fee >= 0),
    replaced_at BIGINT      NOT NULL,
    PRIMARY KEY (order_id, channel)
);
