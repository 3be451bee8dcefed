package io.kamishop.plugins.paypal;

import io.kamishop.api.PluginSettings;
import java.net.URI;

/** The merchant's PayPal settings, read when needed (they may change while the plugin runs). */
record PayPalConfig(String clientId, String clientSecret, String webhookId, URI apiBase) {

    static final String LIVE_API = "https://api-m.paypal.com";
    static final String SANDBOX_API = "https://api-m.sandbox.paypal.com";

    static PayPalConfig from(PluginSettings settings) {
        String base = settings.get("apiBase")
                .filter(v -> !v.isBlank())
                .orElse(LIVE_API)
                .strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new PayPalConfig(
                settings.require("clientId").strip(),
                settings.require("clientSecret").strip(),
                settings.require("webhookId").strip(),
                URI.create(base));
    }

    @Override
    public String toString() {
        return "PayPalConfig[clientId=" + clientId + ", webhookId=" + webhookId + ", apiBase=" + apiBase
                + "]"; // never the secret
    }
}
