-- Values a merchant chose for a theme's settings (colours, logo), overriding the defaults in its theme.json.
CREATE TABLE theme_settings (
    theme      VARCHAR(64)  NOT NULL,
    name       VARCHAR(100) NOT NULL,
    value      TEXT         NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (theme, name)
);
