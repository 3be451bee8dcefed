-- The language of the Telegram client that placed a bot order (its language_code, such as "zh-hans" or
-- "en"), so the keys message reaches the buyer in the language they chatted in. NULL for orders placed
-- before this column and for clients that send none: those get the store's default language.
ALTER TABLE telegram_orders ADD COLUMN language VARCHAR(35);
