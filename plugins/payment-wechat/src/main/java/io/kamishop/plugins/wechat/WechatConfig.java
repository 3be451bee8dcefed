package io.kamishop.plugins.wechat;

import io.kamishop.api.PluginSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Locale;

/**
 * The merchant's WeChat Pay settings, parsed. Rebuilt only when a setting changes (the channel
 * caches it), so keys are not parsed on every call.
 *
 * @param apiV3Key the 32-character APIv3 key, whose bytes are the AES-256-GCM key of callbacks
 */
record WechatConfig(
        String mchId,
        String appId,
        byte[] apiV3Key,
        String merchantSerialNo,
        PrivateKey merchantKey,
        WechatKeys.PlatformKey platformKey,
        URI apiBase,
        Mode mode) {

    static final String PRODUCTION_API = "https://api.mch.weixin.qq.com";

    /** How buyers pay. */
    enum Mode {
        /** {@code /v3/pay/transactions/native}: a QR code on the store's cashier page, scanned with WeChat. */
        NATIVE,
        /** {@code /v3/pay/transactions/h5}: a phone browser outside WeChat is sent to WeChat Pay's page. */
        H5
    }

    static WechatConfig from(PluginSettings settings) {
        byte[] apiV3Key = settings.require("apiV3Key").strip().getBytes(StandardCharsets.UTF_8);
        if (apiV3Key.length != 32) {
            throw new IllegalArgumentException("apiV3Key must be the 32-character APIv3 key");
        }
        String base = settings.get("apiBase")
                .filter(v -> !v.isBlank())
                .orElse(PRODUCTION_API)
                .strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new WechatConfig(
                settings.require("mchId").strip(),
                settings.require("appId").strip(),
                apiV3Key,
                settings.require("merchantSerialNo").strip().toUpperCase(Locale.ROOT),
                WechatKeys.merchantPrivateKey(settings.require("merchantPrivateKey")),
                WechatKeys.platformKey(
                        settings.require("platformPublicKey"),
                        settings.get("platformPublicKeyId").map(String::strip).filter(v -> !v.isEmpty())),
                URI.create(base),
                Mode.valueOf(settings.get("mode").orElse("native").strip().toUpperCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        // Never the APIv3 key or the private key, whatever logs this.
        return "WechatConfig[mchId=" + mchId + ", appId=" + appId + ", platformKey=" + platformKey.id() + ", mode="
                + mode + "]";
    }
}
