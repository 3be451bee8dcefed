package io.kamishop.plugins.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The sandbox gateway's signature: lowercase hex HMAC-SHA256 of the exact body bytes. */
final class SandboxSignature {

    /**
     * The last secret's initialised Mac, per thread: {@code getInstance} and {@code init} cost more
     * than hashing a notification. JDK types only, so a thread of the host's pool keeps nothing of
     * this plugin's class loader alive once the plugin is unloaded.
     */
    private static final ThreadLocal<Map.Entry<String, Mac>> MACS = new ThreadLocal<>();

    private SandboxSignature() {}

    static String sign(String secret, byte[] body) {
        Map.Entry<String, Mac> keyed = MACS.get();
        if (keyed == null || !keyed.getKey().equals(secret)) {
            keyed = Map.entry(secret, newMac(secret));
            MACS.set(keyed);
        }
        return HexFormat.of().formatHex(keyed.getValue().doFinal(body));
    }

    private static Mac newMac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time: an attacker learns nothing from how long a wrong guess takes. */
    static boolean verify(String secret, byte[] body, String presented) {
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = presented.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
