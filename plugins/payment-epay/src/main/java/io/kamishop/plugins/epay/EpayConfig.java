package io.kamishop.plugins.epay;

import io.kamishop.api.PaymentMethod;
import io.kamishop.api.PluginSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merchant's EPay settings, parsed. Rebuilt only when a setting changes (the channel caches it).
 *
 * @param gateway     the aggregator's base URL, ending in {@code /} ({@code submit.php}, {@code api.php} hang off it)
 * @param md5Key      the V1 merchant key, empty for V2
 * @param platformKey the V2 platform public key, {@code null} for V1
 * @param merchantKey the V2 merchant private key, {@code null} for V1
 * @param types       the payment types the merchant enabled, each offered to buyers on its own
 */
record EpayConfig(
        URI gateway,
        String pid,
        int version,
        String md5Key,
        PublicKey platformKey,
        PrivateKey merchantKey,
        List<PaymentMethod> types,
        Mode mode) {

    /** How the buyer is sent to pay. */
    enum Mode {
        /** V1 {@code submit.php} / V2 {@code api/pay/submit}: a signed link the buyer's browser opens. */
        SUBMIT,
        /** V1 {@code mapi.php} / V2 {@code api/pay/create}: the store asks for a pay URL or a QR code itself. */
        MAPI
    }

    static final String DEFAULT_TYPES = "alipay\nwxpay";

    /** Names buyers know, for the types most aggregators use; any other type is shown as the merchant names it. */
    private static final Map<String, String> KNOWN_TYPES = Map.of(
            "alipay",
            "Alipay 支付宝",
            "wxpay",
            "WeChat Pay 微信支付",
            "qqpay",
            "QQ Pay QQ钱包",
            "usdt",
            "USDT",
            "bank",
            "UnionPay 云闪付",
            "jdpay",
            "JD Pay 京东支付",
            "paypal",
            "PayPal");

    private static final Pattern TYPE = Pattern.compile("([a-z0-9_]{1,32})\\s*(?:=\\s*(.+))?");
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    static EpayConfig from(PluginSettings settings) {
        String base = settings.require("gatewayUrl").strip();
        if (!base.endsWith("/")) {
            base = base + "/"; // EPay documents the address with its slash; a merchant pasting it without one means the
            // same
        }
        URI gateway = URI.create(base);
        if (!"https".equals(gateway.getScheme()) && !"http".equals(gateway.getScheme()) || gateway.getHost() == null) {
            throw new IllegalArgumentException("gatewayUrl must be an http(s) address");
        }
        String pid = settings.require("pid").strip();
        int version = Integer.parseInt(
                settings.get("version").filter(v -> !v.isBlank()).orElse("1").strip());
        List<PaymentMethod> types = types(settings);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types names no payment type");
        }
        Mode mode = Mode.valueOf(settings.get("mode")
                .filter(v -> !v.isBlank())
                .orElse("submit")
                .strip()
                .toUpperCase(Locale.ROOT));
        return switch (version) {
            case 1 -> new EpayConfig(gateway, pid, 1, settings.require("key").strip(), null, null, types, mode);
            case 2 ->
                new EpayConfig(
                        gateway,
                        pid,
                        2,
                        "",
                        publicKey(settings.require("platformPublicKey")),
                        privateKey(settings.require("merchantPrivateKey")),
                        types,
                        mode);
            default -> throw new IllegalArgumentException("version is 1 or 2");
        };
    }

    /**
     * The enabled types, one per line: {@code alipay}, or {@code alipay=Label} to name it for buyers.
     * Read on its own (not through {@link #from}) so the store can list them cheaply.
     */
    static List<PaymentMethod> types(PluginSettings settings) {
        Map<String, PaymentMethod> types = new LinkedHashMap<>();
        List<String> lines = settings.get("types").isPresent()
                ? settings.getList("types")
                : DEFAULT_TYPES.lines().toList();
        for (String line : lines) {
            Matcher m = TYPE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "types: '" + line + "' is not a payment type such as alipay or alipay=Alipay");
            }
            String id = m.group(1);
            String label = m.group(2) != null ? m.group(2).strip() : KNOWN_TYPES.getOrDefault(id, id);
            types.putIfAbsent(id, new PaymentMethod(id, label));
        }
        return List.copyOf(new ArrayList<>(types.values()));
    }

    Optional<PaymentMethod> type(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Key material for sealing cashier links: the secret this merchant already has, so every node agrees. */
    byte[] sealKey() {
        return version == 1 ? md5Key.getBytes(StandardCharsets.UTF_8) : merchantKey.getEncoded();
    }

    static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "merchantPrivateKey is not an RSA private key in PKCS#8 (base64 or PEM)");
        }
    }

    static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("platformPublicKey is not an RSA public key (base64 or PEM)");
        }
    }

    /** The aggregator's admin shows keys as bare base64; merchants also paste PEM. */
    private static byte[] der(String text) {
        Matcher block = PEM.matcher(text);
        String base64 = (block.find() ? block.group(2) : text).replaceAll("\\s", "");
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return Base64.getDecoder().decode(base64);
    }

    @Override
    public String toString() {
        // Never the key, whatever logs this.
        return "EpayConfig[gateway=" + gateway + ", pid=" + pid + ", version=" + version + ", types=" + types
                + ", mode=" + mode + "]";
    }
}
