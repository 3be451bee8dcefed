-- Merchant webhooks moved to the notify-webhook plugin, which sends through the notice outbox (V110).
-- Endpoints saved in the old admin API are not carried over: the merchant enters the URLs and a
-- signing secret in the plugin's settings (docs/commerce.md). Deliveries still pending are dropped.
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
