-- The payment channel's surcharge an order was placed with (issue 22): already part of orders.amount,
-- kept apart so the buyer and the merchant see it, and so a later change of the store's fees cannot
-- change what a placed order asks for. Orders placed before had none.
ALTER TABLE orders ADD COLUMN fee BIGINT NOT NULL DEFAULT 0 CHECK (fee >= 0);
