package io.kamishop.plugins.alipay;

import io.kamishop.api.PluginSettings;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The merchant's Alipay settings, parsed. Built per call from the live settings (they may change
 * while the plugin runs) and cheap enough for that.
 */
record AlipayConfig(
        String appId, PrivateKey merchantKey, PublicKey alipayKey, URI gateway, Mode mode, Optional<String> sellerId) {

    static final String PRODUCTION_GATEWAY = "https://openapi.alipay.com/gateway.do";
    static final String SANDBOX_GATEWAY = "https://openapi-sandbox.dl.alipaydev.com/gateway.do";

    /** How buyers pay. */
    enum Mode {
        /** {@code alipay.trade.page.pay}: a signed redirect to Alipay's desktop cashier. */
        PAGE,
        /** {@code alipay.trade.wap.pay}: the same for phone browsers, which hands over to the Alipay app. */
        WAP,
        /** {@code alipay.trade.precreate}: Alipay returns a QR code the buyer scans with the app. */
        PRECREATE
    }

    static AlipayConfig from(PluginSettings settings) {
        return new AlipayConfig(
                settings.require("appId").strip(),
                AlipayKeys.privateKey(settings.require("merchantPrivateKey")),
                AlipayKeys.publicKey(settings.require("alipayPublicKey")),
                URI.create(settings.get("gatewayUrl")
                        .filter(v -> !v.isBlank())
                        .orElse(PRODUCTION_GATEWAY)
                        .strip()),
                Mode.valueOf(settings.get("mode").orElse("page").strip().toUpperCase(java.util.Locale.ROOT)),
                settings.get("sellerId").map(String::strip).filter(v -> !v.isEmpty()));
    }
}
