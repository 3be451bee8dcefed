package io.kamishop.plugins.paypal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 seals for what the plugin hands itself through the buyer's browser or the store's
 * notify path: the return link (so it cannot be pointed at another order) and the capture the return
 * page reports. The key is derived from the client secret, so every node has it and it changes with it.
 */
final class Seal {

    private Seal() {}

    static String of(String clientSecret, String purpose, List<String> values) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest(("kamishop paypal " + purpose + "\0" + clientSecret).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String value : values) {
                byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
                mac.update(Integer.toString(bytes.length)
                        .getBytes(StandardCharsets.US_ASCII)); // length-prefixed: no ambiguity
                mac.update((byte) ':');
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and SHA-256 are part of every JDK", e);
        }
    }

    static boolean holds(String clientSecret, String purpose, List<String> values, String presented) {
        byte[] expected = of(clientSecret, purpose, values).getBytes(StandardCharsets.US_ASCII);
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }
}
