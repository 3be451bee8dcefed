-- One settings store (issue 27): the store's, the mail's, the Telegram bot's, each plugin's and each theme's
-- settings were five tables with three shapes; they become one table keyed by scope ('store', 'mail',
-- 'telegram', 'plugin:<id>', 'theme:<name>'), read and written by io.kamishop.settings.ScopedSettings.
-- Sealed values move as they are: each scope keeps the key and associated data it was sealed with.
CREATE TABLE settings (
    scope      VARCHAR(120) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    value      TEXT         NOT NULL,
    secret     BOOLEAN      NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (scope, name)
);

INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT 'store', name, value, FALSE, updated_at FROM store_settings;
-- Mail and Telegram stored an emptied value as '' (mail) or not at all (Telegram); both read '' as unset.
INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT 'mail', name, value, secret, updated_at FROM mail_settings WHERE value <> '';
INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT 'telegram', name, value, secret, updated_at FROM telegram_settings;
INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT 'plugin:' || plugin_id, name, value, secret, updated_at FROM plugin_settings;
INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT 'theme:' || theme, name, value, FALSE, updated_at FROM theme_settings;

DROP TABLE store_settings;
DROP TABLE mail_settings;
DROP TABLE telegram_settings;
DROP TABLE plugin_settings;
DROP TABLE theme_settings;
