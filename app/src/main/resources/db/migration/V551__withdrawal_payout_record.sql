-- The merchant's record of how an approved withdrawal was paid by hand (a bank transfer's reference, an Alipay
-- order number): asked for on the admin withdrawals page and accepted by the JSON API (issue 24, third round).
ALTER TABLE affiliate_withdrawals ADD COLUMN payout_record VARCHAR(200) NOT NULL DEFAULT '';
